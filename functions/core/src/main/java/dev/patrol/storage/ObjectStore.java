package dev.patrol.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Buckets and folders behind one interface: S3 ({@code s3://bucket/prefix}) in the
 * adapters, local folders for laptops and tests. Objects are streamed; nothing is
 * held in memory whole.
 */
public interface ObjectStore {

    /** True when this store serves the location (e.g. {@code s3://...} or a local path). */
    boolean handles(String location);

    /** Metadata of one object, or empty when it does not exist. */
    Optional<ObjectInfo> stat(String location) throws IOException;

    /** Opens the object for streaming. */
    InputStream open(String location) throws IOException;
}

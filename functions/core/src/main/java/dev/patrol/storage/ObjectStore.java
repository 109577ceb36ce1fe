package dev.patrol.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Buckets and folders behind one interface: S3 ({@code s3://bucket/prefix}) in the
 * adapters, local folders ({@link LocalFileStore}) for laptops and tests. Objects
 * are streamed; nothing is held in memory whole.
 *
 * <p>Every method throws {@link ObjectStoreException} (an {@link IOException}) with a
 * message that says what failed, where, and what to do about it; a missing object
 * is {@link NoSuchObjectException}.
 */
public interface ObjectStore {

    /** True when this store serves the location (e.g. {@code s3://...} or a local path). */
    boolean handles(String location);

    /** Metadata of one object, with its checksums where the store keeps them; empty when it does not exist. */
    Optional<ObjectInfo> stat(String location) throws IOException;

    /** Opens the whole object for streaming; {@link ObjectContent#info()} carries what the store said about it. */
    ObjectContent open(String location) throws IOException;

    /** Opens {@code length} bytes from {@code offset} (fewer at the end of the object). */
    ObjectContent open(String location, long offset, long length) throws IOException;

    /**
     * Every object whose location starts with {@code prefix}, in any order, fetched page
     * by page as the stream is consumed. Close the stream. A failure while paging surfaces
     * as an {@link java.io.UncheckedIOException} wrapping an {@link ObjectStoreException}.
     */
    Stream<ObjectInfo> list(String prefix) throws IOException;

    /**
     * Writes the object from a stream of {@code size} bytes (-1 when unknown) and stores
     * a SHA-256 checksum with it where the store can (S3 additional checksums; composite
     * over parts for multipart uploads). Returns what was written, including the
     * SHA-256 of the whole content, computed on the way.
     */
    PutResult put(String location, InputStream content, long size) throws IOException;

    /**
     * As {@link #put(String, InputStream, long)}, with the media type the object is served with: S3
     * stores it as Content-Type and encrypts the object at rest; folders have no types and ignore it.
     */
    default PutResult put(String location, InputStream content, long size, String contentType) throws IOException {
        return put(location, content, size);
    }

    /**
     * Writes a whole object already held in memory, for a caller that has no use for its checksum (a
     * rendered report): stores that compute the SHA-256 only to return it may skip it. By default a
     * {@link #put(String, InputStream, long, String)}.
     */
    default void write(String location, byte[] content, String contentType) throws IOException {
        put(location, new java.io.ByteArrayInputStream(content), content.length, contentType);
    }

    /**
     * A link a person can open for {@code validFor}: a presigned URL in S3, a {@code file:} URL for a
     * folder; empty where the store cannot make one. Making it sends nothing anywhere.
     */
    default Optional<String> link(String location, java.time.Duration validFor) throws IOException {
        return Optional.empty();
    }

    /**
     * Asks for a temporary readable copy of an archived object, kept {@code days} days
     * (S3 RestoreObject, Standard tier: hours). Stores without archive classes refuse.
     */
    default void requestRestore(String location, int days) throws IOException {
        throw new ObjectStoreException(ObjectStoreException.Reason.NOT_SUPPORTED, location + " is not in a store with archive classes", null);
    }

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String location) throws IOException;

    /** The safety settings of the bucket holding {@code location}; empty for stores without buckets (folders). */
    Optional<BucketPosture> posture(String location) throws IOException;
}

package dev.patrol.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Several stores behind one: each call goes to the first store that
 * {@link ObjectStore#handles handles} the location (S3 for {@code s3://}, local files
 * for paths). This is what jobs get when a config mixes buckets and folders; it is an
 * {@link ObjectStore} itself, so a check can take either.
 */
public record ObjectStores(List<ObjectStore> stores) implements ObjectStore {
    public ObjectStores {
        stores = List.copyOf(stores);
    }

    public static ObjectStores of(ObjectStore... stores) {
        return new ObjectStores(List.of(stores));
    }

    /** The store for this location; an {@link IllegalArgumentException} for a scheme nobody serves. */
    public ObjectStore forLocation(String location) {
        return stores.stream().filter(s -> s.handles(location)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no storage can read \"" + location
                        + "\"; use a local path or s3://bucket/key"));
    }

    /** As {@link #forLocation}, for the port's methods: an unknown scheme is the store's refusal, not a crash. */
    private ObjectStore serving(String location) throws ObjectStoreException {
        try {
            return forLocation(location);
        } catch (IllegalArgumentException e) {
            throw new ObjectStoreException(ObjectStoreException.Reason.NOT_SUPPORTED, e.getMessage(), e);
        }
    }

    @Override
    public boolean handles(String location) {
        return stores.stream().anyMatch(s -> s.handles(location));
    }

    @Override
    public Optional<ObjectInfo> stat(String location) throws IOException {
        return serving(location).stat(location);
    }

    @Override
    public ObjectContent open(String location) throws IOException {
        return serving(location).open(location);
    }

    @Override
    public ObjectContent open(String location, long offset, long length) throws IOException {
        return serving(location).open(location, offset, length);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        return serving(prefix).list(prefix);
    }

    @Override
    public PutResult put(String location, InputStream content, long size) throws IOException {
        return serving(location).put(location, content, size);
    }

    @Override
    public PutResult put(String location, InputStream content, long size, String contentType) throws IOException {
        return serving(location).put(location, content, size, contentType);
    }

    @Override
    public void write(String location, byte[] content, String contentType) throws IOException {
        serving(location).write(location, content, contentType);
    }

    @Override
    public Optional<String> link(String location, java.time.Duration validFor) throws IOException {
        return serving(location).link(location, validFor);
    }

    @Override
    public void delete(String location) throws IOException {
        serving(location).delete(location);
    }

    @Override
    public Optional<BucketPosture> posture(String location) throws IOException {
        return serving(location).posture(location);
    }
}

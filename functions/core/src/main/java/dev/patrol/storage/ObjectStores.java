package dev.patrol.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Several stores behind one: each call goes to the first store that
 * {@link ObjectStore#handles handles} the location (e.g. S3 for {@code s3://}, local
 * folders for paths). This is what jobs get when a config mixes buckets and folders.
 */
public final class ObjectStores implements ObjectStore {
    private final List<ObjectStore> stores;

    private ObjectStores(List<ObjectStore> stores) {
        this.stores = List.copyOf(stores);
    }

    public static ObjectStores of(ObjectStore... stores) {
        return new ObjectStores(List.of(stores));
    }

    /** The store for this location; fails with a clear message for a scheme nobody serves. */
    public ObjectStore storeFor(String location) throws ObjectStoreException {
        for (ObjectStore store : stores) {
            if (store.handles(location)) return store;
        }
        throw new ObjectStoreException(ObjectStoreException.Reason.NOT_SUPPORTED,
                "no object store serves " + location + ": use s3://bucket/prefix/ or a local folder path", null);
    }

    @Override
    public boolean handles(String location) {
        return stores.stream().anyMatch(s -> s.handles(location));
    }

    @Override
    public Optional<ObjectInfo> stat(String location) throws IOException {
        return storeFor(location).stat(location);
    }

    @Override
    public ObjectContent open(String location) throws IOException {
        return storeFor(location).open(location);
    }

    @Override
    public ObjectContent open(String location, long offset, long length) throws IOException {
        return storeFor(location).open(location, offset, length);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        return storeFor(prefix).list(prefix);
    }

    @Override
    public PutResult put(String location, InputStream content, long size) throws IOException {
        return storeFor(location).put(location, content, size);
    }

    @Override
    public void delete(String location) throws IOException {
        storeFor(location).delete(location);
    }

    @Override
    public Optional<BucketPosture> posture(String location) throws IOException {
        return storeFor(location).posture(location);
    }
}

package dev.patrol.backups;

import dev.patrol.storage.BucketPosture;
import dev.patrol.storage.ObjectContent;
import dev.patrol.storage.ObjectInfo;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.PutResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

/** A store that passes everything on; tests override one method to make the store misbehave. */
public class ForwardingStore implements ObjectStore {
    private final ObjectStore delegate;

    public ForwardingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean handles(String location) {
        return delegate.handles(location);
    }

    @Override
    public Optional<ObjectInfo> stat(String location) throws IOException {
        return delegate.stat(location);
    }

    @Override
    public ObjectContent open(String location) throws IOException {
        return delegate.open(location);
    }

    @Override
    public ObjectContent open(String location, long offset, long length) throws IOException {
        return delegate.open(location, offset, length);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public PutResult put(String location, InputStream content, long size) throws IOException {
        return delegate.put(location, content, size);
    }

    @Override
    public void delete(String location) throws IOException {
        delegate.delete(location);
    }

    @Override
    public Optional<BucketPosture> posture(String location) throws IOException {
        return delegate.posture(location);
    }
}

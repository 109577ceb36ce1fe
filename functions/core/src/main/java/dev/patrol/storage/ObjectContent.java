package dev.patrol.storage;

import java.io.FilterInputStream;
import java.io.InputStream;

/** An open object: its bytes as a stream, and what the store said about it when opening (size, checksums). */
public final class ObjectContent extends FilterInputStream {
    private final ObjectInfo info;

    public ObjectContent(ObjectInfo info, InputStream in) {
        super(in);
        this.info = info;
    }

    public ObjectInfo info() {
        return info;
    }

    // FilterInputStream's default loops byte by byte through read(); pass bulk reads straight through.
    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
        return in.read(b, off, len);
    }
}

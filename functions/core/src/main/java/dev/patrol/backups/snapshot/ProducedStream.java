package dev.patrol.backups.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * Bytes written by a producer on its own thread (a bundle writer, a tar writer), read
 * here as they come, so a snapshot streams from source to store without a temporary
 * file. If the producer fails, reading fails too, so a half-written snapshot is never
 * stored as if it were whole.
 */
final class ProducedStream extends PipedInputStream {

    /** Writes the whole content to {@code out}; {@code out} is closed afterwards. */
    interface Producer {
        void writeTo(OutputStream out) throws IOException;
    }

    private volatile Throwable failure;

    private ProducedStream() {
        super(1 << 20);
    }

    static ProducedStream start(String name, Producer producer) throws IOException {
        ProducedStream in = new ProducedStream();
        PipedOutputStream out = new PipedOutputStream(in);
        Thread thread = new Thread(() -> {
            try (out) {
                producer.writeTo(out);
            } catch (Throwable t) {
                in.failure = t;
            }
        }, "patrol-snapshot-" + name);
        thread.setDaemon(true);
        thread.start();
        return in;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) failIfProducerFailed();
        return n;
    }

    @Override
    public synchronized int read() throws IOException {
        int n = super.read();
        if (n < 0) failIfProducerFailed();
        return n;
    }

    private void failIfProducerFailed() throws IOException {
        Throwable t = failure;
        if (t != null) throw new IOException("reading the source failed: " + t.getMessage(), t);
    }
}

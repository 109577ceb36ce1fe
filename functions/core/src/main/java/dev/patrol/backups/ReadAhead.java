package dev.patrol.backups;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a large object on a second thread, a few chunks ahead, so that waiting for the
 * disk or the network overlaps with hashing and decompressing on the caller's thread
 * (on two cores that is most of the difference to a plain `curl` or `openssl dgst`).
 * Memory stays at {@link #CHUNKS} chunks of {@link #CHUNK} bytes whatever the size.
 * Chunks can be taken whole ({@link #nextChunk}) to hash without copying, or read as a
 * stream.
 */
final class ReadAhead extends InputStream {
    static final int CHUNK = 1 << 20;
    static final int CHUNKS = 8;

    /** A filled buffer; {@code length} -1 marks the end, {@code failure} a read that failed. */
    record Chunk(byte[] bytes, int length, IOException failure) {}

    private final InputStream source;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread reader;
    private Chunk current;
    private int position;
    private boolean ended;
    private volatile boolean closed;

    ReadAhead(InputStream source, String name) {
        this.source = source;
        for (int i = 0; i < CHUNKS; i++) empty.add(new byte[CHUNK]);
        this.reader = new Thread(this::fill, "patrol-read-ahead-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void fill() {
        try {
            while (!closed) {
                byte[] buffer = empty.take();
                int n = source.readNBytes(buffer, 0, CHUNK);
                if (n == 0) {
                    filled.put(new Chunk(buffer, -1, null));
                    return;
                }
                filled.put(new Chunk(buffer, n, null));
            }
        } catch (IOException e) {
            filled.offer(new Chunk(null, -1, e));
        } catch (InterruptedException e) {
            // closed by the consumer
        } catch (RuntimeException e) {
            filled.offer(new Chunk(null, -1, new IOException(e.getMessage(), e)));
        }
    }

    /** The next chunk whole, or null at the end; give it back with {@link #recycle} once used. */
    Chunk nextChunk() throws IOException {
        if (ended) return null;
        Chunk c;
        try {
            c = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading ahead");
        }
        if (c.failure() != null) {
            ended = true;
            throw c.failure();
        }
        if (c.length() < 0) {
            ended = true;
            return null;
        }
        return c;
    }

    /** Bytes of the chunk that {@link #read} is in the middle of. */
    int leftInChunk() {
        return current == null ? 0 : current.length() - position;
    }

    void recycle(Chunk c) {
        empty.offer(c.bytes());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (current == null || position == current.length()) {
            if (current != null) recycle(current);
            current = nextChunk();
            position = 0;
            if (current == null) return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        reader.interrupt();
        source.close();
    }
}

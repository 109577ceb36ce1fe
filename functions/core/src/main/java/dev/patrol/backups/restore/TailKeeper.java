package dev.patrol.backups.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through and remembers the last {@code capacity} of them, so a reader
 * can look at the end of a stream it only reads once: a zip's end-of-central-directory
 * record, a tar's closing zero blocks, a dump's "complete" footer.
 */
final class TailKeeper extends FilterInputStream {
    private final byte[] ring;
    private long total;

    TailKeeper(InputStream in, int capacity) {
        super(in);
        this.ring = new byte[capacity];
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            ring[(int) (total % ring.length)] = (byte) b;
            total++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) keep(b, off, n);
        return n;
    }

    private void keep(byte[] b, int off, int n) {
        if (n >= ring.length) {
            System.arraycopy(b, off + n - ring.length, ring, 0, ring.length);
            total += n;
            // Re-align so that the ring starts at index total % length.
            rotate((int) (total % ring.length));
            return;
        }
        int pos = (int) (total % ring.length);
        int first = Math.min(n, ring.length - pos);
        System.arraycopy(b, off, ring, pos, first);
        System.arraycopy(b, off + first, ring, 0, n - first);
        total += n;
    }

    private void rotate(int start) {
        if (start == 0) return;
        byte[] copy = ring.clone();
        for (int i = 0; i < ring.length; i++) ring[(start + i) % ring.length] = copy[i];
    }

    /** Every byte that passed through. */
    long total() {
        return total;
    }

    /** The last bytes that passed through, oldest first (fewer than capacity for short streams). */
    byte[] tail() {
        int size = (int) Math.min(total, ring.length);
        byte[] out = new byte[size];
        int start = (int) ((total - size) % ring.length);
        for (int i = 0; i < size; i++) out[i] = ring[(start + i) % ring.length];
        return out;
    }

    /** Reads to the end of the stream, keeping the tail. */
    void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // only the tail matters
        }
    }
}

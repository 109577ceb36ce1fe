package dev.patrol.backups.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Counts what a decompressor hands out and stops a decompression bomb: more than
 * {@link RestoreLimits#maxRatio()} bytes out per byte of the object read, or more
 * than {@link RestoreLimits#maxExpandedBytes()} in all, or past the deadline. It
 * stops reading there, so a bomb costs a few megabytes and milliseconds.
 */
final class ExpansionGuard extends FilterInputStream {
    private final RestoreLimits limits;
    private final LongSupplier compressedBytes;
    private final Instant deadline;
    private long expanded;
    private long nextDeadlineCheck = 1 << 20;

    ExpansionGuard(InputStream in, RestoreLimits limits, LongSupplier compressedBytes, Instant deadline) {
        super(in);
        this.limits = limits;
        this.compressedBytes = compressedBytes;
        this.deadline = deadline;
    }

    long expanded() {
        return expanded;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) count(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) count(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping still inflates: count it, or a bomb would pass through skip().
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    private void count(int n) throws BrokenBackupException {
        expanded += n;
        long compressed = Math.max(1, compressedBytes.getAsLong());
        if (expanded > limits.ratioAfter() && expanded > limits.maxRatio() * compressed) {
            throw new BrokenBackupException(String.format(
                    "expands more than %.0f:1 (%s from %s read): a decompression bomb or garbage; not read further",
                    limits.maxRatio(), Sizes.human(expanded), Sizes.human(compressed)));
        }
        if (expanded > limits.maxExpandedBytes()) {
            throw new BrokenBackupException("expands past " + Sizes.human(limits.maxExpandedBytes())
                    + ", the limit for one restore test; not read further");
        }
        if (expanded >= nextDeadlineCheck) {
            nextDeadlineCheck = expanded + (1 << 20);
            Deadlines.check(deadline);
        }
    }
}

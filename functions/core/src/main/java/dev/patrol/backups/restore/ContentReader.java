package dev.patrol.backups.restore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reads what is inside a backup the way a restore would and says what it found
 * (entries, rows, refs), or throws {@link BrokenBackupException} saying why it would
 * not restore. It never writes anything anywhere: archives are listed and read, not extracted.
 */
interface ContentReader {

    /** What a reader needs besides the bytes: the limits, the deadline, and how many bytes of the object were read so far. */
    record Context(RestoreLimits limits, Instant deadline, LongSupplier objectBytes) {}

    Map<String, Object> read(InputStream in, Context context) throws IOException;

    /**
     * {@code in} with close() turned off: libraries close what they are given, but the
     * caller still drains the rest of the object through it for the checksums.
     */
    static InputStream unclosable(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            @Override
            public void close() {
                // the caller closes the object
            }
        };
    }
}

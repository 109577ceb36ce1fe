package dev.patrol.backups;

import dev.patrol.backups.integrity.ChecksumSet;
import dev.patrol.backups.restore.Causes;
import dev.patrol.storage.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * The bytes of one object as they come from the store: counted, fed to every checksum
 * being recomputed, and bounded in time. A failure of the store while streaming
 * becomes an {@link ObjectStoreException}, so nobody mistakes a dropped connection
 * for a corrupt backup.
 */
final class MeteredStream extends InputStream {
    private final InputStream in;
    private final ChecksumSet checksums;
    private final String location;
    private final Instant deadline;
    private long count;

    MeteredStream(InputStream in, ChecksumSet checksums, String location, Instant deadline) {
        this.in = in;
        this.checksums = checksums;
        this.location = location;
        this.deadline = deadline;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw storeFailure(e);
        }
        if (n > 0) counted(b, off, n);
        return n;
    }

    private void counted(byte[] b, int off, int n) throws ObjectStoreException {
        checksums.update(b, off, n);
        long before = count;
        count += n;
        if (before >> 26 != count >> 26 && Instant.now().isAfter(deadline)) { // every 64 MB
            throw new ObjectStoreException(ObjectStoreException.Reason.UNAVAILABLE, "reading " + location
                    + " took longer than the time limit after " + count + " bytes; the store is too slow or the object too big for one run", null);
        }
    }

    private ObjectStoreException storeFailure(Exception e) {
        if (e instanceof ObjectStoreException ose) return ose;
        return new ObjectStoreException(ObjectStoreException.Reason.UNAVAILABLE, "reading " + location
                + " broke off after " + count + " bytes (" + Causes.phrase(e) + "); Patrol reads it again on the next run", e);
    }

    /** Reads what the restore test left unread, so the checksums cover every byte. */
    void drain() throws IOException {
        byte[] buffer = new byte[1 << 20];
        if (in instanceof ReadAhead ahead) {
            for (int left; (left = ahead.leftInChunk()) > 0; ) read(buffer, 0, Math.min(left, buffer.length));
            drainChunks(ahead);
            return;
        }
        while (read(buffer, 0, buffer.length) >= 0) {
            // checksums see the bytes in read()
        }
    }

    /** Hashes read-ahead chunks where they lie: no copy, and the next chunks are being read meanwhile. */
    private void drainChunks(ReadAhead ahead) throws IOException {
        while (true) {
            ReadAhead.Chunk chunk;
            try {
                chunk = ahead.nextChunk();
            } catch (IOException | RuntimeException e) {
                throw storeFailure(e);
            }
            if (chunk == null) return;
            counted(chunk.bytes(), 0, chunk.length());
            ahead.recycle(chunk);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

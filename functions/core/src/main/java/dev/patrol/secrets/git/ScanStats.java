package dev.patrol.secrets.git;

import java.time.Duration;

/**
 * What a sweep read: commits walked, distinct blobs scanned and their bytes, and
 * blobs left unread (binary, over the size limit, or missing from a partial clone).
 */
public record ScanStats(
        int commits,
        int blobs,
        long bytes,
        int skippedBinary,
        int skippedLarge,
        int skippedMissing,
        Duration elapsed) {}

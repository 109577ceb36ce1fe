package dev.patrol.secrets.git;

import java.time.Duration;

/**
 * What a sweep read: commits walked, distinct blobs scanned and their bytes, and
 * blobs left unread (binary, over the size limit, or missing from a partial clone).
 * {@code walking}, {@code reading} and {@code detecting} are CPU time: walking
 * commits and diffing trees, inflating blobs, and finding secrets in them
 * (the last two added up over the reading threads).
 */
public record ScanStats(
        int commits,
        int blobs,
        long bytes,
        int skippedBinary,
        int skippedLarge,
        int skippedMissing,
        Duration elapsed,
        Duration walking,
        Duration reading,
        Duration detecting) {}

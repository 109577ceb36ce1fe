package dev.patrol.secrets.git;

import java.time.Duration;

/**
 * What a sweep read: commits walked, distinct blobs scanned and their bytes, and
 * blobs left unread (binary, over the size limit, or missing from a partial clone).
 * {@code walking} is the time spent walking commits and diffing trees;
 * {@code reading} and {@code detecting} add up over the reading threads.
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

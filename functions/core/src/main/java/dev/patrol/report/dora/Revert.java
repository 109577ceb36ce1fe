package dev.patrol.report.dora;

import java.time.Instant;

/** A commit whose message says {@code This reverts commit <sha>}. */
public record Revert(String sha, Instant time, String reverted, String subject) {}

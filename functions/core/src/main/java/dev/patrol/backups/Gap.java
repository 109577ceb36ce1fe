package dev.patrol.backups;

import java.time.Instant;

/** Consecutive expected periods with no backup: {@code first} to {@code last}, {@code count} periods. */
public record Gap(Instant first, Instant last, int count) {}

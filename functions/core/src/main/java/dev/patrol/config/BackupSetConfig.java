package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.time.Duration;

/**
 * One backup set: objects under {@code location} named by {@code pattern} (date
 * tokens such as {@code {yyyyMMdd}}), one expected every {@code every}.
 * {@code restore}: auto | none | gzip | zstd | tar | zip | csv | json | pgdump | git-bundle.
 * {@code source} (optional) is what {@code patrol backup snapshot} copies.
 */
public record BackupSetConfig(String name, String location, String pattern, Duration every, Duration maxAge,
                              Duration retention, long minSize, String restore, Severity severity,
                              String source, boolean prune, int failAfter) {}

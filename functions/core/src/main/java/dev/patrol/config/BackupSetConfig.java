package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.time.Duration;

/**
 * One backup set: objects under {@code location} named by {@code pattern} (date
 * tokens such as {@code {yyyyMMdd}}), one expected every {@code every}.
 * {@code restore}: auto | none | gzip | zstd | tar | zip | csv | json | pgdump | git-bundle.
 * {@code source} (optional) is what {@code patrol backup snapshot} copies.
 * {@code restoreTest}: {@code read} (default) reads what can be read; {@code request} also
 * asks S3 to restore the newest archived (Glacier, Deep Archive) object, and reads it on a
 * later run once its temporary copy is there.
 */
public record BackupSetConfig(String name, String location, String pattern, Duration every, Duration maxAge,
                              Duration retention, long minSize, String restore, Severity severity,
                              String source, boolean prune, int failAfter, String restoreTest) {

    public BackupSetConfig(String name, String location, String pattern, Duration every, Duration maxAge,
                           Duration retention, long minSize, String restore, Severity severity,
                           String source, boolean prune, int failAfter) {
        this(name, location, pattern, every, maxAge, retention, minSize, restore, severity, source, prune, failAfter, "read");
    }

    public boolean requestsRestores() {
        return "request".equals(restoreTest);
    }
}

package dev.patrol.cli;

import dev.patrol.backups.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A folder of nightly backups as a backup job leaves it, dated from the real clock (the
 * {@code patrol} process under test has no other): the backup of {@code k} days ago was
 * written {@code k} days and a minute before now and is named by that date (UTC), so a
 * set looks the same at any time of day, midnight included.
 */
final class NightlyBackups {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private final Path dir;
    private final String prefix;
    private final String suffix;
    private final Instant now = Instant.now();

    NightlyBackups(Path dir, String prefix, String suffix) {
        this.dir = dir;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    /** Gzipped CSVs for the {@code days} nights up to today, each a few rows larger than the night before. */
    NightlyBackups csvGz(int days) throws IOException {
        for (int k = days - 1; k >= 0; k--) night(k, Fixtures.gzip(Fixtures.csv(400 + 10 * (days - k))));
        return this;
    }

    Path night(int daysAgo, byte[] bytes) throws IOException {
        return Fixtures.write(path(daysAgo), bytes, written(daysAgo));
    }

    Instant written(int daysAgo) {
        return now.minus(Duration.ofDays(daysAgo)).minus(Duration.ofMinutes(1));
    }

    String name(int daysAgo) {
        return prefix + LocalDate.ofInstant(written(daysAgo), ZoneOffset.UTC).format(DAY) + suffix;
    }

    /** The date a missing night is reported by ({@code 2026-11-16}). */
    String date(int daysAgo) {
        return LocalDate.ofInstant(written(daysAgo), ZoneOffset.UTC).toString();
    }

    Path path(int daysAgo) {
        return dir.resolve(name(daysAgo));
    }

    Path dir() {
        return dir;
    }

    /** The set's entry in patrol.yml: daily, maxAge 26h, restore auto. */
    String config(String name) {
        return """
                  - name: %s
                    location: %s
                    pattern: "%s{yyyyMMdd}%s"
                    every: 1d
                    maxAge: 26h
                    retention: 90d
                    severity: P1
                """.formatted(name, dir.getFileName(), prefix, suffix);
    }
}

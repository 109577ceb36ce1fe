package dev.patrol.backups;

import dev.patrol.alert.Severity;
import dev.patrol.config.BackupSetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A daily backup set in a folder, as a nightly job leaves it: {@code pipeline_YYYYMMDD.csv.gz}
 * written at 01:00 UTC each day, each a gzipped CSV a little larger than the day before.
 * Tests then break it the way real sets break.
 */
public final class BackupSetFolder {
    public static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Path dir;

    public BackupSetFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Backups for the {@code days} days up to and including today. */
    public BackupSetFolder daily(int days) throws IOException {
        for (int i = days - 1; i >= 0; i--) day(i, Fixtures.gzip(Fixtures.csv(400 + (days - i))));
        return this;
    }

    /** The backup of {@code daysAgo} days before today (0 = today), with these bytes. */
    public Path day(int daysAgo, byte[] bytes) throws IOException {
        LocalDate date = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(daysAgo);
        Instant written = date.atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(1));
        return Fixtures.write(dir.resolve(name(daysAgo)), bytes, written);
    }

    public String name(int daysAgo) {
        return "pipeline_" + LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(daysAgo).format(DAY) + ".csv.gz";
    }

    public Path path(int daysAgo) {
        return dir.resolve(name(daysAgo));
    }

    public void remove(int daysAgo) throws IOException {
        Files.delete(path(daysAgo));
    }

    public byte[] bytes(int daysAgo) throws IOException {
        return Files.readAllBytes(path(daysAgo));
    }

    /** The set as patrol.yml would declare it (CONTRACT's example), with 30 days of retention. */
    public BackupSetConfig config() {
        return config("pipeline-csv", "pipeline_{yyyyMMdd}.csv.gz", Duration.ofDays(30), false);
    }

    public BackupSetConfig config(String name, String pattern, Duration retention, boolean prune) {
        return new BackupSetConfig(name, dir.toString(), pattern, Duration.ofDays(1), Duration.ofHours(26), retention,
                100, "auto", Severity.P0, null, prune, 1);
    }
}

package dev.patrol.config;

import java.nio.file.Path;
import java.util.List;

/** A validated {@code patrol.yml}. Built only by {@link ConfigLoader}; every record in it is immutable. */
public record PatrolConfig(
        String name,
        Path source,
        StateConfig state,
        AwsConfig aws,
        AlertsConfig alerts,
        HealthConfig health,
        List<BackupSetConfig> backups,
        SecretsConfig secrets,
        ReportsConfig reports) {

    public PatrolConfig {
        backups = List.copyOf(backups);
    }

    /** Whether anything here lives in S3: callers build an S3 client (start-up time) only then. */
    public boolean namesS3() {
        java.util.stream.Stream<String> places = java.util.stream.Stream.concat(
                health.freshness().stream().map(HealthConfig.Freshness::object),
                backups.stream().flatMap(b -> java.util.stream.Stream.of(b.location(), b.source())));
        return java.util.stream.Stream.concat(places, java.util.stream.Stream.of(reports.output()))
                .anyMatch(p -> p != null && p.startsWith("s3://"));
    }
}

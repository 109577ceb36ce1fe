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
}

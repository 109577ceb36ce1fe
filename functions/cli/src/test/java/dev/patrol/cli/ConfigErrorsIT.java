package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong config stops every command before it does anything: exit 2, each error with file:line and key. */
class ConfigErrorsIT {
    @TempDir
    Path dir;

    @Test
    void everyErrorIsReportedAtOnceWithFileLineAndKey() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: acme
                alerts:
                  minSeverity: P9
                health:
                  endpoints:
                    - name: backend
                      url: https://api.example.com/health
                      timeout: 5 seconds
                      expect: [ "status = 200" ]
                  heartbeats:
                    - name: backend
                      schedule: "0 25 * * *"
                      timezone: Mars/Olympus
                backups:
                  - name: csv
                    location: ./b
                    pattern: "x_{yyyyMMdd}.csv"
                    retension: 90d
                  - name: db
                    location: ./db
                    pattern: "db_{yyyyMM}.sql.gz"
                    every: 1d
                """);
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "config", "validate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("patrol.yml:3: alerts.minSeverity \"P9\" is not a severity")
                .contains("patrol.yml:8: health.endpoints[0].timeout \"5 seconds\" is not a duration")
                .contains("patrol.yml:9: health.endpoints[0].expect[0]")
                .contains("patrol.yml:11: health.heartbeats[0].name \"backend\" is used twice")
                .contains("patrol.yml:12: health.heartbeats[0].schedule")
                .contains("hour field")
                .contains("patrol.yml:13: health.heartbeats[0].timezone \"Mars/Olympus\" is not a time zone")
                .contains("patrol.yml:18: backups[0].retension is not a known key; did you mean \"retention\"?")
                .contains("patrol.yml:21: backups[1].pattern \"db_{yyyyMM}.sql.gz\" names one backup per month but every is 1d")
                .doesNotContain("Exception");
    }

    @Test
    void everyAlertShapingMistakeIsReportedWithFileLineAndKey() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: acme
                maintenance:
                  - { schedule: "0 2 * * SONDAY", duration: 2h }
                  - { from: "2026-12-06T04:00", until: "2026-12-06T02:00", targets: [apii] }
                alerts:
                  channels: { ops: { file: ops.jsonl } }
                  routes:
                    - { name: db, match: { target: [orders-dbb], job: [backup] }, channels: [dba] }
                  escalation: on-call
                  flapping: { changes: 4, period: 1h }
                health:
                  endpoints: [ { name: api, url: "https://api.example.com/health", remindEvery: often } ]
                """);
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "health");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("patrol.yml:3: maintenance[0].schedule")
                .contains("patrol.yml:4: maintenance[1].until")
                .contains("patrol.yml:4: maintenance[1].targets \"apii\" is not a target; known: api")
                .contains("patrol.yml:8: alerts.routes[0].match.target \"orders-dbb\" is not a target in the config; known: api")
                .contains("patrol.yml:8: alerts.routes[0].match.job \"backup\" is not a job")
                .contains("patrol.yml:8: alerts.routes[0].channels \"dba\" is not a channel; known: file, ops")
                .contains("patrol.yml:9: alerts.escalation \"on-call\" is not the name of a route; known: db")
                .contains("patrol.yml:10: alerts.flapping.period")
                .contains("patrol.yml:12: health.endpoints[0].remindEvery")
                .doesNotContain("Exception");
        assertThat(dir.resolve(".patrol")).as("refused before state is touched").doesNotExist();
    }

    @Test
    void runRefusesABrokenConfigBeforeTouchingState() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), "health:\n  endpoints:\n    - name: a\n      url: ftp://x\n");
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "health");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("patrol.yml:4: health.endpoints[0].url must be an http:// or https:// URL");
        assertThat(dir.resolve(".patrol")).doesNotExist();
    }

    @Test
    void missingConfigSaysWhereItLooked() throws Exception {
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "health");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("patrol.yml was not found in").contains("--config");
    }

    @Test
    void validConfigIsSummarised() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), "health:\n  heartbeats:\n    - { name: a, schedule: \"0 9 * * MON-FRI\", timezone: America/Chicago }\n");
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "config", "validate");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("config OK").contains("1 heartbeat(s)");
    }
}

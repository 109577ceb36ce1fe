package dev.patrol.cli;

import static dev.patrol.cli.ClockedPatrol.alerts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A target that stays down, through the real {@code patrol} process with the test clock: reminders and escalation. */
class OutageAlertsIT {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void remindersComeEveryIntervalUpToTheLimitAndTheEscalationOnceAfterItsDelay() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  file: alerts.jsonl
                  remindEvery: 4h
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/", timeout: 2s, maxReminders: 2, escalateAfter: 30m }
                    - { name: quiet, url: "http://127.0.0.1:9/", timeout: 2s, remindEvery: 100d }
                """);
        ClockedPatrol p = new ClockedPatrol(dir);
        assertThat(alerts(p.run(T0))).containsExactly("backend down", "quiet down");
        assertThat(alerts(p.run(T0.plus(Duration.ofMinutes(20))))).isEmpty();
        assertThat(alerts(p.run(T0.plus(Duration.ofHours(1))))).containsExactly("backend escalation");
        assertThat(alerts(p.run(T0.plus(Duration.ofHours(4).plusMinutes(5))))).containsExactly("backend reminder");
        assertThat(alerts(p.run(T0.plus(Duration.ofHours(4).plusMinutes(10))))).isEmpty();
        JsonNode second = p.run(T0.plus(Duration.ofHours(8).plusMinutes(12).plusSeconds(30)));
        assertThat(alerts(second)).containsExactly("backend reminder");
        assertThat(alerts(p.run(T0.plus(Duration.ofHours(12).plusMinutes(30))))).isEmpty(); // maxReminders: 2

        var lines = p.fileAlerts("alerts.jsonl");
        assertThat(lines).extracting(n -> n.path("transition").asString())
                .containsExactly("down", "down", "escalation", "reminder", "reminder");
        assertThat(lines.get(4).path("text").asString()).contains("backend has been DOWN for 8 h 12 min");
        assertThat(lines.get(3).path("title").asString()).contains("REMINDER: backend");
        assertThat(lines.get(2).path("title").asString()).contains("ESCALATED: backend");
    }
}

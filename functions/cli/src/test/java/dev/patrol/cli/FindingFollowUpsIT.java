package dev.patrol.cli;

import static dev.patrol.cli.ClockedPatrol.alerts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.secrets.FakeCredentials;
import dev.patrol.secrets.HistoryBuilder;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An open secret finding that nobody rotates, through the real {@code patrol} process with the test clock: it
 * escalates once (to the escalation route), reminds up to its limit, and a mute holds its NEW until the mute ends.
 */
class FindingFollowUpsIT {
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private final String awsKey = "AK" + "IA" + new FakeCredentials(13).chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);

    @TempDir
    Path dir;

    @BeforeEach
    void repository() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "prod config", Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + awsKey + "\n"));
        }
    }

    private JsonNode secrets(ClockedPatrol p, Instant at) throws Exception {
        PatrolProcess.Result r = p.patrol(at, "run", "secrets", "--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(1); // the finding is open throughout
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void aFindingStillOpenEscalatesOnceToTheEscalationRouteAndRemindsUpToItsLimit() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts:
                  file: alerts.jsonl
                  channels: { security: { file: security.jsonl }, lead: { file: lead.jsonl } }
                  routes:
                    - { name: security, match: { job: [secrets] }, channels: [security] }
                    - { name: security-lead, channels: [lead] }
                  escalation: security-lead
                secrets:
                  repos:
                    - { name: deals, url: deals.git, escalateAfter: 1h, remindEvery: 1d, maxReminders: 2 }
                """);
        ClockedPatrol p = new ClockedPatrol(dir);
        assertThat(alerts(secrets(p, T0))).containsExactly("deals new");
        assertThat(alerts(secrets(p, T0.plus(Duration.ofMinutes(30))))).isEmpty();
        assertThat(alerts(secrets(p, T0.plus(Duration.ofHours(2).plusMinutes(30))))).containsExactly("deals escalation");
        assertThat(alerts(secrets(p, T0.plus(Duration.ofHours(3))))).as("escalated once").isEmpty();
        assertThat(alerts(secrets(p, T0.plus(Duration.ofDays(1).plusMinutes(5))))).containsExactly("deals reminder");
        assertThat(alerts(secrets(p, T0.plus(Duration.ofDays(1).plusHours(1))))).isEmpty();
        assertThat(alerts(secrets(p, T0.plus(Duration.ofDays(2).plusHours(3).plusMinutes(30))))).containsExactly("deals reminder");
        assertThat(alerts(secrets(p, T0.plus(Duration.ofDays(5))))).as("maxReminders: 2").isEmpty();

        // The route sends the secrets job's alerts to the security file; the escalation goes to the route escalation names.
        assertThat(p.alertLines("security.jsonl")).containsExactly("deals new", "deals reminder", "deals reminder");
        assertThat(p.alertLines("lead.jsonl")).containsExactly("deals escalation");
        assertThat(p.alertLines("alerts.jsonl")).as("the default route: nothing matched only it").isEmpty();
        JsonNode escalation = p.fileAlerts("lead.jsonl").get(0);
        assertThat(escalation.path("title").asString()).contains("ESCALATED").contains("deals");
        assertThat(escalation.path("text").asString()).contains("has been open for 2 h").contains("config/prod.env:1");
        assertThat(p.fileAlerts("security.jsonl").get(2).path("text").asString()).contains("has been open for 2 d 3 h");
        assertThat(Files.readString(dir.resolve("security.jsonl")) + Files.readString(dir.resolve("lead.jsonl"))).as("never the secret").doesNotContain(awsKey);
    }

    @Test
    void aMutedRepositoryHoldsItsNewFindingAndSendsItOnceWhenTheMuteEnds() throws Exception {
        ClockedPatrol p = new ClockedPatrol(dir);
        mutedFirstSweep(p);
        assertThat(alerts(secrets(p, T0.plus(Duration.ofHours(1))))).isEmpty();

        assertThat(alerts(secrets(p, T0.plus(Duration.ofHours(2).plusMinutes(1))))).as("the mute expired").containsExactly("deals new");
        assertThat(alerts(secrets(p, T0.plus(Duration.ofHours(3))))).isEmpty();
        assertThat(p.alertLines("alerts.jsonl")).containsExactly("deals new");
    }

    @Test
    void aFindingIgnoredWhileItsNewIsHeldSaysNothingWhenTheMuteEnds() throws Exception {
        ClockedPatrol p = new ClockedPatrol(dir);
        JsonNode muted = mutedFirstSweep(p);
        String fingerprint = muted.path("results").get(0).path("details").path("findings").get(0).path("fingerprint").asString();
        PatrolProcess.Result ignored = p.patrol(T0.plus(Duration.ofMinutes(5)), "findings", "ignore", fingerprint, "--reason", "a test fixture");
        assertThat(ignored.exit()).as(ignored.err()).isZero();

        PatrolProcess.Result after = p.patrol(T0.plus(Duration.ofHours(2).plusMinutes(1)), "run", "secrets", "--json");
        assertThat(after.exit()).as(after.err()).isZero();
        JsonNode run = Json.MAPPER.readTree(after.out());
        assertThat(run.path("results").get(0).path("message").asString()).startsWith("no open findings (1 ignored)");
        assertThat(alerts(run)).isEmpty();
        assertThat(p.alertLines("alerts.jsonl")).isEmpty();
    }

    /** The repository muted for 2h from T0, then its first sweep at T0 + 1 min: its NEW held. */
    private JsonNode mutedFirstSweep(ClockedPatrol p) throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: e2e
                alerts: { file: alerts.jsonl }
                secrets:
                  repos:
                    - { name: deals, url: deals.git }
                """);
        assertThat(p.patrol(T0, "mute", "deals", "--for", "2h", "--reason", "rotating the key").exit()).isZero();
        JsonNode muted = secrets(p, T0.plus(Duration.ofMinutes(1)));
        assertThat(alerts(muted)).isEmpty();
        assertThat(muted.path("results").get(0).path("muted").asBoolean()).isTrue();
        return muted;
    }
}

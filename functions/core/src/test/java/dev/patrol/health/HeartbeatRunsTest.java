package dev.patrol.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.config.ConfigException;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.SecretValue;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.Status;
import dev.patrol.pipeline.Target;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats as Healthchecks.io runs them: a simple period beside cron, exit codes and
 * messages carried by pings, and run times from the start ping to the success.
 * Time moves on the job's clock.
 */
class HeartbeatRunsTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");
    private final InMemoryStateStore store = new InMemoryStateStore(clock);
    private final Pings pings = new Pings(store);

    private Observation observe(String heartbeatYaml) throws Exception {
        PatrolConfig config = ConfigLoader.parse("health:\n  heartbeats:\n    - " + heartbeatYaml + "\n", "patrol.yml", Path.of("/srv/patrol"));
        RunContext context = new RunContext(config, store, new ObjectStores(List.of()), SecretValue::raw, clock, null);
        HealthJob job = new HealthJob(new EndpointProbe());
        Target target = job.targets(context).getFirst();
        return job.observe(target, context);
    }

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void a_heartbeat_every_hour_is_due_an_hour_after_its_last_success_plus_grace() throws Exception {
        String hourly = "{ name: export, schedule: every 1h, grace: 10m }";
        assertThat(observe(hourly).message()).isEqualTo("waiting for the first ping, due by 2026-11-23 11:00 UTC");

        clock.set(t("2026-11-23T10:40:00Z"));
        pings.record("export", Pings.Kind.OK, clock.instant());
        clock.set(t("2026-11-23T11:45:00Z"));
        Observation inGrace = observe(hourly);
        assertThat(inGrace.status()).isEqualTo(Status.OK);
        assertThat(inGrace.details()).containsEntry("schedule", "every 1h").containsEntry("nextExpected", "2026-11-23T11:40:00Z");

        clock.set(t("2026-11-23T11:51:00Z"));
        Observation missed = observe(hourly);
        assertThat(missed.status()).isEqualTo(Status.FAIL);
        assertThat(missed.message()).isEqualTo("missed: expected a ping by 2026-11-23 11:40 UTC (every 1h, grace 10m); last success 2026-11-23 10:40 UTC");
    }

    @Test
    void a_failing_exit_code_and_the_jobs_message_are_in_the_failure() throws Exception {
        pings.record("export", Pings.Kind.FAIL, clock.instant(), 3, "pg_dump: connection refused\nretrying did not help");
        clock.set(t("2026-11-23T10:01:00Z"));
        Observation o = observe("{ name: export, schedule: every 1h }");
        assertThat(o.status()).isEqualTo(Status.FAIL);
        assertThat(o.message()).isEqualTo("last run reported failure at 2026-11-23 10:00 UTC (exit code 3): \"pg_dump: connection refused retrying did not help\"");
        assertThat(o.details()).containsEntry("exitCode", 3).containsEntry("message", "pg_dump: connection refused\nretrying did not help");

        pings.record("export", Pings.Kind.OK, clock.instant(), 0, "exported 1,204 rows");
        Observation fixed = observe("{ name: export, schedule: every 1h }");
        assertThat(fixed.status()).isEqualTo(Status.OK);
        assertThat(fixed.message()).contains("\"exported 1,204 rows\"");
    }

    @Test
    void a_message_is_kept_up_to_ten_kilobytes_without_half_a_character() {
        String big = "é".repeat(6000); // 12,000 bytes of two-byte characters
        pings.record("export", Pings.Kind.FAIL, clock.instant(), 1, big);
        String kept = pings.latest("export").message();
        assertThat(kept).isEqualTo("é".repeat(5120));
    }

    @Test
    void a_run_longer_than_max_duration_fails_and_says_how_long_it_took() throws Exception {
        String nightly = "{ name: export, schedule: \"0 2 * * *\", grace: 2h, maxDuration: 20m }";
        clock.set(t("2026-11-23T02:00:00Z"));
        pings.register("export", t("2026-11-22T00:00:00Z"));
        pings.record("export", Pings.Kind.START, clock.instant());

        clock.set(t("2026-11-23T02:15:00Z"));
        assertThat(observe(nightly).message()).isEqualTo("running since 2026-11-23 02:00 UTC");

        clock.set(t("2026-11-23T02:21:00Z"));
        Observation stillRunning = observe(nightly);
        assertThat(stillRunning.status()).isEqualTo(Status.FAIL);
        assertThat(stillRunning.message()).isEqualTo("running for 21m since 2026-11-23 02:00 UTC, longer than maxDuration 20m");

        clock.set(t("2026-11-23T02:25:30Z"));
        pings.record("export", Pings.Kind.OK, clock.instant());
        Observation slow = observe(nightly);
        assertThat(slow.status()).isEqualTo(Status.FAIL);
        assertThat(slow.message()).isEqualTo("last run took 25m30s (finished 2026-11-23 02:25 UTC), longer than maxDuration 20m");
        assertThat(slow.details()).containsEntry("lastRunTimeMs", 1_530_000L);

        // The next night's run is quick: the heartbeat is up again.
        clock.set(t("2026-11-24T02:00:00Z"));
        pings.record("export", Pings.Kind.START, clock.instant());
        clock.set(t("2026-11-24T02:05:00Z"));
        pings.record("export", Pings.Kind.OK, clock.instant());
        Observation quick = observe(nightly);
        assertThat(quick.status()).isEqualTo(Status.OK);
        assertThat(quick.details()).containsEntry("lastRunTimeMs", 300_000L);
    }

    @Test
    void a_bad_period_or_max_duration_names_the_line() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                health:
                  heartbeats:
                    - name: export
                      schedule: every hour
                      maxDuration: soon
                """, "patrol.yml", Path.of("/srv/patrol")));
        assertThat(e.getMessage()).contains("patrol.yml:4").contains("\"every hour\" is not a period")
                .contains("patrol.yml:5").contains("\"soon\" is not a duration");
    }
}

package dev.patrol.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Severity;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.HealthConfig.Heartbeat;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.SecretValue;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.Status;
import dev.patrol.pipeline.Target;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.CronExpression;
import dev.patrol.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A CRM sync runs at 9:00 Chicago time on weekdays and pings Patrol when it
 * finishes. Monday 2026-11-23 09:00 CST is 15:00Z.
 */
class HeartbeatCheckTest {
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Heartbeat CRM_SYNC = heartbeat("0 9 * * MON-FRI", CHICAGO, Duration.ofMinutes(30));
    private static final Instant LONG_AGO = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant FRIDAY_RUN = Instant.parse("2026-11-20T15:01:00Z");

    private static Heartbeat heartbeat(String cron, ZoneId zone, Duration grace) {
        return new Heartbeat("crm-sync", CronExpression.parse(cron), zone, grace, 1, Severity.P1, null);
    }

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    private static Observation check(Instant ok, Instant start, Instant fail, Instant registered, String now) {
        return HeartbeatCheck.evaluate(CRM_SYNC, new Pings.Latest(ok, start, fail, registered), registered, t(now));
    }

    private static Observation check(Instant ok, Instant start, Instant fail, String now) {
        return check(ok, start, fail, LONG_AGO, now);
    }

    @Test
    void a_run_that_pinged_on_time_is_ok_and_says_when_the_next_is_due() {
        Observation o = check(t("2026-11-23T15:02:00Z"), null, null, "2026-11-23T16:00:00Z");

        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.message()).isEqualTo("last success 2026-11-23 09:02 CST; next expected 2026-11-24 09:00 CST");
        assertThat(o.details()).containsEntry("lastExpected", "2026-11-23T15:00:00Z").containsEntry("nextExpected", "2026-11-24T15:00:00Z");
    }

    @Test
    void a_missed_run_fails_naming_the_time_it_was_expected() {
        Observation o = check(FRIDAY_RUN, null, null, "2026-11-23T15:31:00Z");

        assertThat(o.status()).isEqualTo(Status.FAIL);
        assertThat(o.message()).isEqualTo("missed: expected a run at 2026-11-23 09:00 CST (grace 30m); last success 2026-11-20 09:01 CST");
    }

    @Test
    void a_run_is_not_missed_until_its_grace_is_over() {
        assertThat(check(FRIDAY_RUN, null, null, "2026-11-23T15:29:59Z").status()).isEqualTo(Status.OK);
        assertThat(check(FRIDAY_RUN, null, null, "2026-11-23T15:30:00Z").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void the_weekend_is_not_a_missed_run() {
        assertThat(check(FRIDAY_RUN, null, null, "2026-11-22T20:00:00Z").status()).isEqualTo(Status.OK);
    }

    @Test
    void a_ping_a_few_seconds_before_the_scheduled_minute_counts_for_it() {
        assertThat(check(t("2026-11-23T14:59:30Z"), null, null, "2026-11-23T16:00:00Z").status()).isEqualTo(Status.OK);
    }

    @Test
    void a_run_that_reported_failure_fails_at_once_even_within_grace() {
        Observation o = check(FRIDAY_RUN, t("2026-11-23T15:00:00Z"), t("2026-11-23T15:05:00Z"), "2026-11-23T15:06:00Z");

        assertThat(o.status()).isEqualTo(Status.FAIL);
        assertThat(o.message()).isEqualTo("last run reported failure at 2026-11-23 09:05 CST");
    }

    @Test
    void a_success_after_a_failure_recovers() {
        Observation o = check(t("2026-11-23T15:20:00Z"), null, t("2026-11-23T15:05:00Z"), "2026-11-23T15:21:00Z");

        assertThat(o.status()).isEqualTo(Status.OK);
    }

    @Test
    void a_start_without_a_finish_within_grace_never_finished() {
        Observation o = check(FRIDAY_RUN, t("2026-11-23T15:00:00Z"), null, "2026-11-23T15:31:00Z");

        assertThat(o.status()).isEqualTo(Status.FAIL);
        assertThat(o.message()).isEqualTo("started at 2026-11-23 09:00 CST and never finished (grace 30m)");
    }

    @Test
    void a_run_still_within_its_grace_is_running() {
        // Started ten minutes late; half an hour after the scheduled time it is still within its own grace.
        Observation o = check(FRIDAY_RUN, t("2026-11-23T15:10:00Z"), null, "2026-11-23T15:35:00Z");

        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.message()).isEqualTo("running since 2026-11-23 09:10 CST");
    }

    @Test
    void runs_expected_before_patrol_watched_the_heartbeat_do_not_count() {
        Instant registered = t("2026-11-23T15:10:00Z");

        Observation first = check(null, null, null, registered, "2026-11-23T16:00:00Z");
        assertThat(first.status()).isEqualTo(Status.OK);
        assertThat(first.message()).isEqualTo("waiting for the first expected run at 2026-11-24 09:00 CST");

        Observation next = check(null, null, null, registered, "2026-11-24T15:31:00Z");
        assertThat(next.status()).isEqualTo(Status.FAIL);
        assertThat(next.message()).contains("expected a run at 2026-11-24 09:00 CST").endsWith("last success never");
    }

    @Test
    void pings_in_state_give_the_latest_of_each_kind_and_the_first_registration() {
        Pings pings = new Pings(new InMemoryStateStore());
        Instant first = t("2026-11-20T12:00:00Z");

        assertThat(pings.register("crm-sync", first)).isEqualTo(first);
        pings.record("crm-sync", Pings.Kind.START, t("2026-11-23T15:00:00Z"));
        pings.record("crm-sync", Pings.Kind.OK, t("2026-11-20T15:01:00Z"));
        pings.record("crm-sync", Pings.Kind.OK, t("2026-11-23T15:04:00Z"));
        pings.record("other", Pings.Kind.FAIL, t("2026-11-23T15:05:00Z"));

        assertThat(pings.register("crm-sync", t("2026-11-23T16:00:00Z"))).isEqualTo(first);
        // The success four minutes after the start is a run of four minutes.
        assertThat(pings.latest("crm-sync")).isEqualTo(new Pings.Latest(t("2026-11-23T15:04:00Z"), t("2026-11-23T15:00:00Z"), null, first,
                null, null, Duration.ofMinutes(4)));
    }

    @Test
    void the_health_job_starts_watching_a_heartbeat_the_first_time_it_sees_it() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-23T16:00:00Z");
        InMemoryStateStore store = new InMemoryStateStore(clock);
        PatrolConfig config = ConfigLoader.parse("""
                health:
                  heartbeats:
                    - { name: crm-sync, schedule: "0 9 * * MON-FRI", timezone: America/Chicago }
                """, "patrol.yml", Path.of("/srv/patrol"));
        RunContext context = new RunContext(config, store, new ObjectStores(List.of()), SecretValue::raw, clock, null);
        HealthJob job = new HealthJob(new EndpointProbe());
        Target crmSync = job.targets(context).getFirst();

        assertThat(job.observe(crmSync, context).message()).isEqualTo("waiting for the first expected run at 2026-11-24 09:00 CST");

        clock.set(t("2026-11-24T15:31:00Z"));
        assertThat(job.observe(crmSync, context).message()).startsWith("missed: expected a run at 2026-11-24 09:00 CST");

        new Pings(store).record("crm-sync", Pings.Kind.OK, t("2026-11-24T15:32:00Z"));
        clock.set(t("2026-11-24T15:33:00Z"));
        assertThat(job.observe(crmSync, context).status()).isEqualTo(Status.OK);
    }

    /**
     * A job run by cron on the days clocks change pings when cron runs it: a
     * skipped time right after the change, a repeated time once. Checked every five
     * minutes across the change, Patrol must never call it missed.
     */
    @Nested
    class DaylightSavingDays {
        private static final Duration GRACE = Duration.ofMinutes(30);
        private static final Duration JOB_TAKES = Duration.ofSeconds(40);

        /** Every status seen checking every five minutes between from and to, given the instants cron ran the job. */
        private List<Observation> checkEveryFiveMinutes(Heartbeat hb, String from, String to, List<String> cronRuns) {
            List<Observation> seen = new ArrayList<>();
            for (Instant now = t(from); now.isBefore(t(to)); now = now.plus(Duration.ofMinutes(5))) {
                Instant lastOk = null;
                for (String run : cronRuns) {
                    Instant finished = t(run).plus(JOB_TAKES);
                    if (!finished.isAfter(now)) lastOk = finished;
                }
                seen.add(HeartbeatCheck.evaluate(hb, new Pings.Latest(lastOk, null, null, LONG_AGO), LONG_AGO, now));
            }
            return seen;
        }

        static Stream<Arguments> changes() {
            return Stream.of(
                    Arguments.of("Chicago spring forward: a 02:30 job run right after the change", "30 2 * * *", CHICAGO,
                            "2026-03-07T09:30:00Z", "2026-03-10T00:00:00Z",
                            List.of("2026-03-07T08:30:00Z", "2026-03-08T08:00:00Z", "2026-03-09T07:30:00Z")),
                    Arguments.of("Chicago fall back: a 01:30 job run once in the repeated hour", "30 1 * * *", CHICAGO,
                            "2026-10-31T07:30:00Z", "2026-11-03T00:00:00Z",
                            List.of("2026-10-31T06:30:00Z", "2026-11-01T06:30:00Z", "2026-11-02T07:30:00Z")),
                    Arguments.of("Berlin spring forward: a 02:30 job run right after the change", "30 2 * * *", BERLIN,
                            "2026-03-28T02:30:00Z", "2026-03-31T00:00:00Z",
                            List.of("2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z")),
                    Arguments.of("Berlin fall back: a 02:30 job run once in the repeated hour", "30 2 * * *", BERLIN,
                            "2026-10-24T01:30:00Z", "2026-10-27T00:00:00Z",
                            List.of("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("changes")
        void a_job_run_when_cron_ran_it_is_never_missed(String what, String cron, ZoneId zone, String from, String to,
                                                         List<String> cronRuns) {
            assertThat(checkEveryFiveMinutes(heartbeat(cron, zone, GRACE), from, to, cronRuns))
                    .allSatisfy(o -> assertThat(o.status()).as(o.message()).isEqualTo(Status.OK));
        }

        @Test
        void chicago_fall_back_a_0130_job_that_did_not_run_is_still_caught() {
            Heartbeat hb = heartbeat("30 1 * * *", CHICAGO, GRACE);

            assertThat(checkEveryFiveMinutes(hb, "2026-10-31T07:30:00Z", "2026-11-01T12:00:00Z",
                    List.of("2026-10-31T06:30:00Z")))
                    .anySatisfy(o -> assertThat(o.message()).startsWith("missed: expected a run at 2026-11-01 01:30 CDT"));
        }

        @Test
        void a_weekday_nine_oclock_job_across_both_chicago_changes() {
            List<String> runs = new ArrayList<>();
            for (String day : List.of("2026-03-06T15", "2026-03-09T14", "2026-03-10T14", "2026-10-30T14", "2026-11-02T15", "2026-11-03T15")) {
                runs.add(day + ":00:00Z");
            }
            List<Observation> seen = new ArrayList<>(checkEveryFiveMinutes(CRM_SYNC, "2026-03-06T16:00:00Z", "2026-03-11T00:00:00Z", runs));
            seen.addAll(checkEveryFiveMinutes(CRM_SYNC, "2026-10-30T15:00:00Z", "2026-11-04T00:00:00Z", runs));

            assertThat(seen).allSatisfy(o -> assertThat(o.status()).as(o.message()).isEqualTo(Status.OK));
        }
    }
}

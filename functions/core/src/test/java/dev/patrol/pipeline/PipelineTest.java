package dev.patrol.pipeline;

import static dev.patrol.pipeline.Status.FAIL;
import static dev.patrol.pipeline.Status.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.patrol.alert.Alert;
import dev.patrol.alert.Notifier;
import dev.patrol.alert.RecordingNotifier;
import dev.patrol.alert.Severity;
import dev.patrol.alert.Transition;
import dev.patrol.config.AlertsConfig;
import dev.patrol.config.AwsConfig;
import dev.patrol.config.HealthConfig;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.ReportsConfig;
import dev.patrol.config.SecretValue;
import dev.patrol.config.SecretsConfig;
import dev.patrol.config.StateConfig;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.LeaseHeldException;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateUnavailableException;
import dev.patrol.state.TargetState;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T09:00:00Z");
    private final InMemoryStateStore store = new InMemoryStateStore(clock);
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final ScriptedJob job = new ScriptedJob("health");

    private static PatrolConfig config(Severity minSeverity) {
        return new PatrolConfig("acme", null, new StateConfig(null, Path.of(".patrol")), new AwsConfig(null, null),
                new AlertsConfig(minSeverity, null, null, null), HealthConfig.empty(), List.of(), SecretsConfig.empty(),
                new ReportsConfig(null));
    }

    private Pipeline pipeline(Severity minSeverity, Notifier... notifiers) {
        Map<String, Notifier> byChannel = new LinkedHashMap<>();
        for (Notifier n : notifiers) byChannel.put(n.channel(), n);
        RunContext context = new RunContext(config(minSeverity), store, new ObjectStores(List.of()), SecretValue::raw, clock, null);
        return new Pipeline(context, byChannel);
    }

    /** One scheduled run, a minute after the previous one. */
    private RunRecord run() {
        return run(RunOptions.all());
    }

    private RunRecord run(RunOptions options) {
        clock.advance(Duration.ofMinutes(1));
        return pipeline(Severity.P3, slack).run(job, options);
    }

    private static List<String> transitions(List<Alert> alerts) {
        return alerts.stream().map(a -> a.target() + " " + a.transition().word()).toList();
    }

    private TargetState stateOf(String target) {
        StateItem item = store.get(Keys.targets(job.name()), target).orElseThrow();
        return Json.read(item.data(), TargetState.class);
    }

    @Test
    void a_flapping_target_with_fail_after_2_alerts_once_down_and_once_up() {
        job.target("backend", Severity.P1, 2);
        List<List<RunRecord.AlertOutcome>> alertsPerRun = new ArrayList<>();

        for (Status s : List.of(FAIL, OK, FAIL, FAIL, FAIL, OK, OK, FAIL, OK)) {
            job.answer("backend", s);
            alertsPerRun.add(run().alerts());
        }

        assertThat(transitions(slack.delivered())).containsExactly("backend DOWN", "backend RECOVERED");
        assertThat(alertsPerRun).extracting(List::size).containsExactly(0, 0, 0, 1, 0, 1, 0, 0, 0);
        assertThat(alertsPerRun.get(3)).singleElement()
                .isEqualTo(new RunRecord.AlertOutcome("backend", "down", "P1", List.of("slack"), true));
        assertThat(alertsPerRun.get(5)).singleElement().extracting(RunRecord.AlertOutcome::transition).isEqualTo("up");
    }

    @Test
    void a_down_alert_says_what_failed_in_words_a_person_reads() {
        job.target("backend", Severity.P1, 1).answer("backend", FAIL);

        run();

        Alert down = slack.delivered().getFirst();
        assertThat(down.title()).isEqualTo("[acme] DOWN: backend (health)");
        assertThat(down.text()).isEqualTo("probe backend is DOWN: backend answered 503");
        assertThat(down.job()).isEqualTo("health");
        assertThat(down.kind()).isEqualTo("probe");
        assertThat(down.severity()).isEqualTo(Severity.P1);
        assertThat(down.transition()).isEqualTo(Transition.DOWN);
        assertThat(down.time()).isEqualTo(clock.instant());
    }

    @Test
    void a_target_that_stays_down_stays_quiet_and_its_first_success_ever_is_not_a_recovery() {
        job.target("down", Severity.P1, 1).answer("down", FAIL).target("new", Severity.P1, 1);

        for (int i = 0; i < 5; i++) run();

        assertThat(transitions(slack.delivered())).containsExactly("down DOWN");
        assertThat(stateOf("down")).returns(TargetState.DOWN, TargetState::status).returns(5, TargetState::failures);
        assertThat(stateOf("new")).returns(TargetState.UP, TargetState::status);
    }

    @Test
    void a_crashing_check_is_an_error_result_and_the_other_targets_still_run() {
        job.target("first", Severity.P2, 1).target("crashes", Severity.P2, 1).target("empty", Severity.P2, 1).target("last", Severity.P2, 1)
                .answer("crashes", () -> {
                    throw new IllegalStateException("disk on fire");
                })
                .answer("empty", () -> null);

        RunRecord r = run();

        assertThat(r.results()).extracting(RunRecord.Result::target, RunRecord.Result::status, RunRecord.Result::message).containsExactly(
                tuple("first", "ok", "fine"),
                tuple("crashes", "error", "could not check crashes: disk on fire"),
                tuple("empty", "error", "the probe check returned nothing (a Patrol bug)"),
                tuple("last", "ok", "fine"));
        // details reach run --json and the reports: what to do, never the exception's class
        assertThat(r.results().get(1).details()).containsOnly(entry("cause", "internal"), entry("hint", Pipeline.CRASH_HINT));
        assertThat(r.status()).isEqualTo(RunRecord.PROBLEMS);
        assertThat(transitions(slack.delivered())).containsExactly("crashes DOWN", "empty DOWN");
    }

    @Test
    void alerts_below_min_severity_are_not_sent() {
        for (Severity s : Severity.values()) job.target(s.name().toLowerCase(), s, 1).answer(s.name().toLowerCase(), FAIL);

        clock.advance(Duration.ofMinutes(1));
        RunRecord r = pipeline(Severity.P1, slack).run(job, RunOptions.all());

        assertThat(transitions(slack.delivered())).containsExactlyInAnyOrder("p0 DOWN", "p1 DOWN");
        assertThat(r.alerts()).extracting(RunRecord.AlertOutcome::target).containsExactlyInAnyOrder("p0", "p1");
        assertThat(stateOf("p3").isDown()).as("the state still knows").isTrue();
        assertThat(store.query(Keys.outbox(job.name()), "pending#")).isEmpty();
    }

    @Test
    void an_alert_a_channel_could_not_take_goes_out_on_the_next_run_exactly_once() {
        job.target("backend", Severity.P1, 1).answer("backend", FAIL);
        slack.failNext(1);

        RunRecord first = run();
        assertThat(first.alerts()).singleElement()
                .isEqualTo(new RunRecord.AlertOutcome("backend", "down", "P1", List.of("slack"), false));
        assertThat(slack.delivered()).isEmpty();

        RunRecord second = run();
        assertThat(second.alerts()).singleElement().returns(true, RunRecord.AlertOutcome::delivered);
        assertThat(transitions(slack.delivered())).containsExactly("backend DOWN");

        run();
        run();
        assertThat(transitions(slack.delivered())).containsExactly("backend DOWN");
        assertThat(slack.attempts()).isEqualTo(2);
    }

    @Test
    void with_two_channels_the_one_that_took_an_alert_never_gets_it_again() {
        RecordingNotifier file = new RecordingNotifier("file");
        job.target("backend", Severity.P1, 1).answer("backend", FAIL);
        slack.failNext(2);

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            pipeline(Severity.P3, slack, file).run(job, RunOptions.all());
        }

        assertThat(transitions(file.delivered())).containsExactly("backend DOWN");
        assertThat(transitions(slack.delivered())).containsExactly("backend DOWN");
        assertThat(file.delivered().getFirst().id()).isEqualTo(slack.delivered().getFirst().id());
    }

    @Test
    void with_no_alerts_nothing_is_sent_and_the_next_run_sends_what_it_held_back() {
        job.target("backend", Severity.P1, 1).answer("backend", FAIL);

        RunRecord quiet = run(new RunOptions(List.of(), false));

        assertThat(slack.attempts()).isZero();
        assertThat(stateOf("backend").isDown()).isTrue();
        assertThat(quiet.alerts()).as("run --json shows the alert as queued, not delivered").singleElement()
                .isEqualTo(new RunRecord.AlertOutcome("backend", "down", "P1", List.of("slack"), false));

        RunRecord next = run();
        assertThat(transitions(slack.delivered())).containsExactly("backend DOWN");
        assertThat(next.alerts()).singleElement().returns(true, RunRecord.AlertOutcome::delivered);
        run();
        assertThat(slack.delivered()).hasSize(1);
    }

    @Test
    void a_new_finding_raised_during_a_no_alerts_run_is_sent_by_the_next_run() {
        // Secret findings alert through events: the job remembers the finding once its alerts are in the outbox.
        java.util.concurrent.atomic.AtomicBoolean remembered = new java.util.concurrent.atomic.AtomicBoolean();
        job.target("deals", Severity.P1, 1).answer("deals", () -> remembered.get() ? Observation.fail("1 open finding", Map.of())
                : new Observation(FAIL, "1 new finding", Map.of(), List.of(new Alert("secrets:deals:new:ptl_1", "health", "deals",
                        "repo", Transition.NEW, Severity.P1, clock.instant(), "NEW: deals", "aws-access-key in app.py:3", Map.of(), null)),
                        () -> remembered.set(true)));

        run(new RunOptions(List.of(), false));
        assertThat(slack.attempts()).isZero();
        assertThat(remembered).isTrue();

        run();
        run();
        assertThat(transitions(slack.delivered())).containsOnlyOnce("deals NEW").containsOnlyOnce("deals DOWN");
    }

    @Test
    void an_overlapping_run_of_the_same_job_is_refused_by_the_lease() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        job.target("slow", Severity.P2, 1).answer("slow", () -> {
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Observation.ok("done", Map.of());
        });
        Pipeline pipeline = pipeline(Severity.P3, slack);

        CompletableFuture<RunRecord> first = CompletableFuture.supplyAsync(() -> pipeline.run(job, RunOptions.all()));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> pipeline.run(job, RunOptions.all()))
                .isInstanceOf(LeaseHeldException.class)
                .hasMessageContaining("another health run is still working");

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(RunRecord.OK);
        assertThat(pipeline.run(job, RunOptions.all()).status()).as("the lease was released").isEqualTo(RunRecord.OK);
    }

    @Test
    void checks_that_need_no_state_start_before_the_lease_and_a_run_refused_it_records_and_alerts_nothing_of_them() throws Exception {
        new dev.patrol.state.Leases(store, clock).acquire(job.name(), "another-run", dev.patrol.state.Leases.TTL);
        RunContext context = failingCheckBeforeStateOpens();

        assertThatThrownBy(() -> new Pipeline(context, Map.of("slack", slack)).run(job, RunOptions.all()))
                .isInstanceOf(LeaseHeldException.class);
        assertThat(store.query(Keys.targets(job.name()), "")).as("nothing recorded").isEmpty();
        assertThat(store.query(Keys.outbox(job.name()), "")).as("nothing queued").isEmpty();
        assertThat(slack.attempts()).isZero();
    }

    @Test
    void checks_started_before_the_lease_are_recorded_and_alerted_once_the_run_holds_it() throws Exception {
        clock.advance(Duration.ofMinutes(1));
        RunContext context = failingCheckBeforeStateOpens();

        RunRecord r = new Pipeline(context, Map.of("slack", slack)).run(job, RunOptions.all());

        assertThat(r.status()).isEqualTo(RunRecord.PROBLEMS);
        assertThat(stateOf("backend").isDown()).isTrue();
        assertThat(transitions(slack.delivered())).containsExactly("backend DOWN");
        assertThat(store.get(dev.patrol.state.Keys.LEASES, job.name())).as("released").isEmpty();
    }

    /**
     * A target "backend" whose check, needing no state, fails; and state that opens only once that check has started:
     * a run gets past opening only if the check did not wait for the lease.
     */
    private RunContext failingCheckBeforeStateOpens() {
        CountDownLatch checked = new CountDownLatch(1);
        job.observedWithoutState().target("backend", Severity.P1, 1).answer("backend", () -> {
            checked.countDown();
            return new Observation(FAIL, "backend answered 503", Map.of(), List.of());
        });
        return new RunContext(config(Severity.P3), new OpensAfter(checked, store), new ObjectStores(List.of()), SecretValue::raw, clock, null);
    }

    /** A state store still opening: every use waits until {@code opened} (at most 10 s, then it fails). */
    private record OpensAfter(CountDownLatch opened, dev.patrol.state.StateStore store) implements dev.patrol.state.StateStore {
        private dev.patrol.state.StateStore open() {
            try {
                if (!opened.await(10, TimeUnit.SECONDS)) throw new StateUnavailableException("never opened", null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return store;
        }

        @Override
        public java.util.Optional<StateItem> get(String pk, String sk) {
            return open().get(pk, sk);
        }

        @Override
        public List<StateItem> query(String pk, String skPrefix) {
            return open().query(pk, skPrefix);
        }

        @Override
        public StateItem put(StateItem item, dev.patrol.state.Expect expect) {
            return open().put(item, expect);
        }

        @Override
        public void delete(String pk, String sk, dev.patrol.state.Expect expect) {
            open().delete(pk, sk, expect);
        }

        @Override
        public void putAll(List<Write> writes) {
            open().putAll(writes);
        }
    }

    @Test
    void an_unknown_target_name_is_refused_naming_the_known_ones() {
        job.target("backend", Severity.P1, 1).target("frontend", Severity.P1, 1);

        assertThatThrownBy(() -> run(new RunOptions(List.of("backend", "bakend"), true)))
                .isInstanceOf(UnknownTargetException.class)
                .hasMessage("--target bakend: no such health target in the config; known: backend, frontend");
        assertThat(store.query(Keys.runs(job.name()), "")).as("nothing ran").isEmpty();
    }

    @Test
    void named_targets_are_the_only_ones_checked() {
        job.target("backend", Severity.P1, 1).target("frontend", Severity.P1, 1).answer("frontend", FAIL);

        RunRecord r = run(new RunOptions(List.of("backend", "backend"), true));

        assertThat(r.results()).extracting(RunRecord.Result::target).containsExactly("backend");
        assertThat(r.status()).isEqualTo(RunRecord.OK);
    }

    @Test
    void run_status_and_exit_code_follow_the_worst_result() {
        job.target("backend", Severity.P1, 3);

        RunRecord ok = run();
        assertThat(ok.status()).isEqualTo("ok");
        assertThat(ok.exitCode()).isZero();

        job.answer("backend", FAIL);
        RunRecord problems = run();
        assertThat(problems.status()).as("a failure is a problem before the target is DOWN").isEqualTo("problems");
        assertThat(problems.exitCode()).isEqualTo(1);

        assertThat(new RunRecord("health", "x", clock.instant(), clock.instant(), RunRecord.ERROR, List.of(), List.of()).exitCode())
                .isEqualTo(3);
        assertThat(RunRecord.combine(List.of("ok", "problems", "ok"))).isEqualTo("problems");
        assertThat(RunRecord.combine(List.of("ok", "problems", "error"))).isEqualTo("error");
        assertThat(RunRecord.combine(List.of("ok", "ok"))).isEqualTo("ok");
    }

    @Test
    void an_unreachable_state_store_stops_the_run() {
        job.target("backend", Severity.P1, 1);
        store.unreachable(true);

        assertThatThrownBy(this::run).isInstanceOf(StateUnavailableException.class);
        assertThat(slack.attempts()).isZero();
    }

    @Test
    void every_run_leaves_a_record_in_state() {
        job.target("backend", Severity.P1, 1).answer("backend", FAIL);

        RunRecord r = run();

        assertThat(store.query(Keys.runs("health"), "")).singleElement().satisfies(item -> {
            assertThat(item.sk()).isEqualTo(Keys.time(r.startedAt()) + "#" + r.runId());
            assertThat(Json.MAPPER.readTree(item.data()).path("status").asString()).isEqualTo("problems");
            assertThat(Json.MAPPER.readTree(item.data()).path("problems").get(0).path("message").asString()).isEqualTo("backend answered 503");
        });
        assertThat(store.query(Keys.transitions("health"), "")).hasSize(1);
    }

    @Test
    void a_new_day_rolls_yesterdays_tally_into_history() {
        job.target("backend", Severity.P1, 5);
        clock.set(java.time.Instant.parse("2026-11-22T23:50:00Z"));
        run();
        job.answer("backend", FAIL);
        run();
        clock.advance(Duration.ofMinutes(30));
        run();

        assertThat(store.get(Keys.history("health", "backend"), "2026-11-22")).get()
                .extracting(i -> Json.MAPPER.readTree(i.data()))
                .isEqualTo(Json.MAPPER.readTree("{\"checks\":2,\"failures\":1}"));
        assertThat(stateOf("backend")).returns(1, TargetState::checksToday).returns(1, TargetState::failuresToday);
    }

    @Test
    void a_fleet_that_goes_down_at_once_is_saved_in_several_transactions_and_alerts_once_each() {
        for (int i = 0; i < 150; i++) job.target("site-" + i, Severity.P1, 1).answer("site-" + i, FAIL);
        RecordingNotifier file = new RecordingNotifier("file");

        clock.advance(Duration.ofMinutes(1));
        RunRecord r = pipeline(Severity.P3, slack, file).run(job, RunOptions.all());
        clock.advance(Duration.ofMinutes(1));
        pipeline(Severity.P3, slack, file).run(job, RunOptions.all());

        assertThat(r.alerts()).hasSize(150).allMatch(RunRecord.AlertOutcome::delivered);
        assertThat(slack.delivered()).hasSize(150);
        assertThat(file.delivered()).hasSize(150);
    }
}

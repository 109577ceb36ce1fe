package dev.patrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.alert.Severity;
import dev.patrol.config.SecretValue;
import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.ScriptedJob;
import dev.patrol.pipeline.Status;
import dev.patrol.state.Expect;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import dev.patrol.state.StateUnavailableException;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How the report reads the daily tallies: in DynamoDB every target's history is a partition of its own, so a report of
 * 1,000 targets is 1,000 Queries. Each must be made once per run (not once per repository and again for the digest), and
 * not one after the other.
 */
class StateHistoryTest {
    static final int TARGETS = 40;

    /** A store that counts the history Queries per partition and how many were in flight at once. */
    static final class WatchedStore implements StateStore {
        final StateStore delegate;
        final Map<String, AtomicInteger> historyQueries = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        /** The first few history Queries wait a moment for each other, as Queries over a network overlap when they can. */
        final CountDownLatch together = new CountDownLatch(4);
        volatile String failOn;

        WatchedStore(StateStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<StateItem> query(String pk, String skPrefix) {
            if (!pk.startsWith("history#")) return delegate.query(pk, skPrefix);
            historyQueries.computeIfAbsent(pk, k -> new AtomicInteger()).incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                together.countDown();
                together.await(200, TimeUnit.MILLISECONDS); // never a reason to fail: at worst the reads go one by one
                if (pk.equals(failOn)) throw new StateUnavailableException("DynamoDB is throttling Query on " + pk, null);
                return delegate.query(pk, skPrefix);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public Optional<StateItem> get(String pk, String sk) {
            return delegate.get(pk, sk);
        }

        @Override
        public StateItem put(StateItem item, Expect expect) {
            return delegate.put(item, expect);
        }

        @Override
        public void delete(String pk, String sk, Expect expect) {
            delegate.delete(pk, sk, expect);
        }

        @Override
        public void putAll(List<Write> writes) {
            delegate.putAll(writes);
        }
    }

    /** 40 health targets checked on 11-28, 11-29 and 11-30 through the real pipeline; t7 failed on 11-29. */
    private static InMemoryStateStore history() {
        MutableClock clock = MutableClock.at("2026-11-28T09:00:00Z");
        InMemoryStateStore store = new InMemoryStateStore(clock);
        ScriptedJob health = new ScriptedJob("health");
        for (int i = 0; i < TARGETS; i++) health.target("t" + i, Severity.P2, 1);
        Pipeline pipeline = new Pipeline(new RunContext(DoraKnownAnswerTest.config(), store, new ObjectStores(List.of()), SecretValue::raw, clock, null),
                Map.of());
        pipeline.run(health, RunOptions.all());
        clock.set(Instant.parse("2026-11-29T09:00:00Z"));
        health.answer("t7", Status.FAIL);
        pipeline.run(health, RunOptions.all());
        clock.set(Instant.parse("2026-11-30T09:00:00Z"));
        health.answer("t7", Status.OK);
        pipeline.run(health, RunOptions.all());
        return store;
    }

    @Test
    void eachTargetsTalliesAreReadOncePerRunAndManyAtATime() {
        WatchedStore store = new WatchedStore(history());
        StateHistory history = new StateHistory(store);
        LocalDate from = LocalDate.parse("2026-11-02");
        for (int asker = 0; asker < 3; asker++) { // two repositories and the digest
            for (int i = 0; i < TARGETS; i++) {
                var days = history.days("health", "t" + i, from);
                assertThat(days.dates()).as("t" + i).containsExactly(LocalDate.parse("2026-11-28"), LocalDate.parse("2026-11-29"),
                        LocalDate.parse("2026-11-30"));
            }
        }
        assertThat(history.days("health", "t7", from).on(LocalDate.parse("2026-11-29"))).isEqualTo(new StateHistory.Tally(1, 1));
        assertThat(history.days("health", "t7", LocalDate.parse("2026-11-30")).dates()).containsExactly(LocalDate.parse("2026-11-30"));
        assertThat(store.historyQueries).hasSize(TARGETS);
        assertThat(store.historyQueries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // Asked from further back than what was read for the run: that target's partition is read again
        assertThat(history.days("health", "t3", LocalDate.parse("2026-11-01")).dates()).hasSize(3);
        assertThat(store.historyQueries.get("history#health#t3").get()).isEqualTo(2);
        assertThat(store.mostInFlight.get()).as("history Queries in flight at once").isGreaterThanOrEqualTo(4)
                .isLessThanOrEqualTo(StateHistory.READERS);
    }

    @Test
    void aStateStoreThatFailsDuringTheReadsFailsTheCallAsItSaysNotWrapped() {
        WatchedStore store = new WatchedStore(history());
        store.failOn = "history#health#t13";
        StateHistory history = new StateHistory(store);
        assertThatThrownBy(() -> history.days("health", "t0", LocalDate.parse("2026-11-02")))
                .isInstanceOf(StateUnavailableException.class).hasMessageContaining("throttling");
    }

    @Test
    void talliesWrittenInAnyJsonFormReadAsThePipelinesOwn() {
        InMemoryStateStore store = new InMemoryStateStore(new MutableClock(Instant.parse("2026-11-30T09:00:00Z")));
        Instant now = Instant.parse("2026-11-30T09:00:00Z");
        store.put(StateItem.of(dev.patrol.state.Keys.targets("health"), "t", dev.patrol.state.Json.write(new dev.patrol.state.TargetState(
                dev.patrol.state.TargetState.UP, 0, now, now, "ok", now, LocalDate.parse("2026-11-30"), 100, 0))), Expect.ANYTHING);
        String[] documents = {
            "{\"checks\":288,\"failures\":3}", "{\"failures\":2,\"checks\":100}", "{ \"checks\": 10, \"failures\": 1 }",
            "{\"checks\":5,\"note\":{\"by\":\"hand\"},\"failures\":5}", "{\"checks\":7,\"checks\":8}", "{}", "[]",
        };
        for (int d = 0; d < documents.length; d++) {
            store.put(StateItem.of(dev.patrol.state.Keys.history("health", "t"), "2026-11-0" + (d + 1), documents[d]), Expect.ANYTHING);
        }
        StateHistory.Days days = new StateHistory(store).days("health", "t", LocalDate.parse("2026-11-01"));
        List<StateHistory.Tally> read = new java.util.ArrayList<>();
        for (int d = 1; d <= documents.length; d++) read.add(days.on(LocalDate.parse("2026-11-0" + d)));
        assertThat(read).containsExactly(new StateHistory.Tally(288, 3), new StateHistory.Tally(100, 2), new StateHistory.Tally(10, 1),
                new StateHistory.Tally(5, 5), new StateHistory.Tally(8, 0), new StateHistory.Tally(0, 0), new StateHistory.Tally(0, 0));
        assertThat(days.sum(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-03"))).isEqualTo(new StateHistory.Tally(398, 6));
    }
}

package dev.patrol.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} promises, whatever keeps the data. Extend it with a
 * factory for the implementation under test. Expiry times are whole seconds so
 * that stores keeping TTLs in seconds (DynamoDB) pass unchanged.
 */
public abstract class StateStoreContract {
    protected static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    protected MutableClock clock;
    protected StateStore store;

    /** A fresh, empty store whose notion of "now" (for expiry) is {@code clock}. */
    protected abstract StateStore newStore(MutableClock clock);

    @BeforeEach
    void freshStore() {
        clock = new MutableClock(T0);
        store = newStore(clock);
    }

    private static StateItem item(String pk, String sk, String data) {
        return StateItem.of(pk, sk, data);
    }

    @Test
    void a_missing_item_reads_as_empty() {
        assertThat(store.get("p", "s")).isEmpty();
        assertThat(store.query("p", "")).isEmpty();
    }

    @Test
    void a_first_write_stores_version_1_and_reads_back() {
        StateItem written = store.put(item("p", "s", "{\"a\":1}"), Expect.ABSENT);

        assertThat(written.version()).isEqualTo(1);
        assertThat(store.get("p", "s")).get()
                .returns("{\"a\":1}", StateItem::data)
                .returns(1L, StateItem::version);
    }

    @Test
    void absent_refuses_to_overwrite_and_leaves_the_item_alone() {
        store.put(item("p", "s", "first"), Expect.ABSENT);

        assertThatThrownBy(() -> store.put(item("p", "s", "second"), Expect.ABSENT))
                .isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("p").hasMessageContaining("s");
        assertThat(store.get("p", "s")).get().returns("first", StateItem::data);
    }

    @Test
    void version_writes_only_over_the_version_read_and_bumps_it() {
        StateItem v1 = store.put(item("p", "s", "one"), Expect.ABSENT);
        StateItem v2 = store.put(v1.withData("two"), Expect.version(v1.version()));

        assertThat(v2.version()).isEqualTo(2);
        // A writer still holding version 1 lost the race.
        assertThatThrownBy(() -> store.put(v1.withData("stale"), Expect.version(v1.version())))
                .isInstanceOf(ConditionFailedException.class);
        assertThat(store.get("p", "s")).get().returns("two", StateItem::data).returns(2L, StateItem::version);
    }

    @Test
    void version_fails_when_the_item_does_not_exist() {
        assertThatThrownBy(() -> store.put(item("p", "s", "x"), Expect.version(0)))
                .isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(() -> store.put(item("p", "s", "x"), Expect.version(1)))
                .isInstanceOf(ConditionFailedException.class);
        assertThat(store.get("p", "s")).isEmpty();
    }

    @Test
    void anything_overwrites_whatever_is_there() {
        store.put(item("p", "s", "one"), Expect.ABSENT);
        StateItem over = store.put(item("p", "s", "two"), Expect.ANYTHING);

        assertThat(over.version()).isEqualTo(1); // written from a version-0 item
        assertThat(store.get("p", "s")).get().returns("two", StateItem::data);
    }

    @Test
    void absent_or_expired_takes_a_free_or_expired_slot_but_not_a_live_one() {
        Instant inFiveMinutes = T0.plus(Duration.ofMinutes(5));
        store.put(item("lease", "health", "run 1").expiringAt(inFiveMinutes), Expect.absentOrExpired(T0));

        assertThatThrownBy(() -> store.put(item("lease", "health", "run 2").expiringAt(inFiveMinutes.plusSeconds(60)),
                Expect.absentOrExpired(T0.plusSeconds(60)))).isInstanceOf(ConditionFailedException.class);

        clock.set(inFiveMinutes.plusSeconds(1));
        store.put(item("lease", "health", "run 3").expiringAt(inFiveMinutes.plusSeconds(600)),
                Expect.absentOrExpired(clock.instant()));
        assertThat(store.get("lease", "health")).get().returns("run 3", StateItem::data);
    }

    @Test
    void absent_or_expired_never_takes_an_item_without_expiry() {
        store.put(item("p", "s", "forever"), Expect.ABSENT);

        assertThatThrownBy(() -> store.put(item("p", "s", "x"), Expect.absentOrExpired(T0.plus(Duration.ofDays(3650)))))
                .isInstanceOf(ConditionFailedException.class);
    }

    @Test
    void an_item_is_gone_for_readers_from_its_expiry_on() {
        Instant expiry = T0.plusSeconds(60);
        store.put(item("p", "a", "short").expiringAt(expiry), Expect.ABSENT);
        store.put(item("p", "b", "long").expiringAt(expiry.plusSeconds(60)), Expect.ABSENT);
        store.put(item("p", "c", "forever"), Expect.ABSENT);

        clock.set(expiry.minusSeconds(1));
        assertThat(store.get("p", "a")).isPresent();

        clock.set(expiry);
        assertThat(store.get("p", "a")).isEmpty();
        assertThat(store.query("p", "")).extracting(StateItem::sk).containsExactly("b", "c");
    }

    @Test
    void query_returns_one_partition_by_prefix_in_sort_key_order() {
        store.put(item("outbox#health", "pending#2026-11-22T09:02:00Z#b", "2"), Expect.ABSENT);
        store.put(item("outbox#health", "pending#2026-11-22T09:01:00Z#a", "1"), Expect.ABSENT);
        store.put(item("outbox#health", "delivered#x", "d"), Expect.ABSENT);
        store.put(item("outbox#backups", "pending#2026-11-22T09:00:00Z#c", "other job"), Expect.ABSENT);

        assertThat(store.query("outbox#health", "pending#")).extracting(StateItem::data).containsExactly("1", "2");
        assertThat(store.query("outbox#health", "")).extracting(StateItem::sk)
                .containsExactly("delivered#x", "pending#2026-11-22T09:01:00Z#a", "pending#2026-11-22T09:02:00Z#b");
        assertThat(store.query("outbox#health", "pending#2026-11-22T09:02")).extracting(StateItem::data).containsExactly("2");
        assertThat(store.query("outbox#nothing", "")).isEmpty();
    }

    @Test
    void query_carries_versions_and_expiry() {
        Instant expiry = T0.plusSeconds(3600);
        StateItem v1 = store.put(item("p", "s", "one").expiringAt(expiry), Expect.ABSENT);
        store.put(v1.withData("two"), Expect.version(1));

        assertThat(store.query("p", "s")).singleElement()
                .returns(2L, StateItem::version)
                .returns(expiry, StateItem::expiresAt);
    }

    @Test
    void delete_with_anything_tolerates_a_missing_item() {
        store.delete("p", "missing", Expect.ANYTHING);
        store.put(item("p", "s", "x"), Expect.ABSENT);
        store.delete("p", "s", Expect.ANYTHING);

        assertThat(store.get("p", "s")).isEmpty();
    }

    @Test
    void delete_with_a_version_deletes_only_that_version() {
        StateItem v1 = store.put(item("p", "s", "one"), Expect.ABSENT);
        store.put(v1.withData("two"), Expect.version(1));

        assertThatThrownBy(() -> store.delete("p", "s", Expect.version(1))).isInstanceOf(ConditionFailedException.class);
        assertThat(store.get("p", "s")).isPresent();

        store.delete("p", "s", Expect.version(2));
        assertThat(store.get("p", "s")).isEmpty();
        assertThatThrownBy(() -> store.delete("p", "s", Expect.version(2))).isInstanceOf(ConditionFailedException.class);
    }

    @Test
    void put_all_applies_puts_and_deletes_together() {
        StateItem pending = store.put(item("outbox#health", "pending#1", "alert"), Expect.ABSENT);

        store.putAll(List.of(
                StateStore.Write.delete("outbox#health", "pending#1", Expect.version(pending.version())),
                StateStore.Write.put(item("outbox#health", "delivered#1", "done"), Expect.ANYTHING),
                StateStore.Write.put(item("state#health", "backend", "{}"), Expect.ABSENT)));

        assertThat(store.query("outbox#health", "")).extracting(StateItem::sk).containsExactly("delivered#1");
        assertThat(store.get("state#health", "backend")).get().returns(1L, StateItem::version);
    }

    @Test
    void put_all_writes_nothing_when_any_condition_fails() {
        store.put(item("p", "taken", "old"), Expect.ABSENT);
        StateItem doomed = store.put(item("p", "doomed", "still here"), Expect.ABSENT);

        assertThatThrownBy(() -> store.putAll(List.of(
                StateStore.Write.put(item("p", "new", "x"), Expect.ABSENT),
                StateStore.Write.delete("p", "doomed", Expect.version(doomed.version())),
                StateStore.Write.put(item("p", "taken", "new"), Expect.ABSENT))))
                .isInstanceOf(ConditionFailedException.class)
                .hasMessageContaining("taken");

        assertThat(store.get("p", "new")).isEmpty();
        assertThat(store.get("p", "doomed")).isPresent();
        assertThat(store.get("p", "taken")).get().returns("old", StateItem::data).returns(1L, StateItem::version);
    }

    @Test
    void put_all_of_nothing_is_fine() {
        store.putAll(List.of());
        assertThat(store.query("p", "")).isEmpty();
    }

    @Test
    void put_all_refuses_the_same_item_twice_and_more_than_100_writes() {
        assertThatThrownBy(() -> store.putAll(List.of(
                StateStore.Write.put(item("p", "s", "a"), Expect.ANYTHING),
                StateStore.Write.put(item("p", "s", "b"), Expect.ANYTHING))))
                .isInstanceOf(IllegalArgumentException.class);

        List<StateStore.Write> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) many.add(StateStore.Write.put(item("p", "s" + i, "x"), Expect.ANYTHING));
        assertThatThrownBy(() -> store.putAll(many)).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.query("p", "")).isEmpty();
    }

    @Test
    void of_many_racing_first_writers_exactly_one_wins() throws Exception {
        int writers = 8;
        List<Callable<Boolean>> tries = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String who = "writer " + w;
            tries.add(() -> {
                try {
                    store.put(item("lease", "health", who), Expect.ABSENT);
                    return true;
                } catch (ConditionFailedException e) {
                    return false;
                }
            });
        }

        assertThat(race(tries)).containsOnlyOnce(true).hasSize(writers);
    }

    @Test
    void optimistic_increments_from_many_threads_lose_no_update() throws Exception {
        store.put(item("p", "counter", "0"), Expect.ABSENT);
        int threads = 4;
        int each = 25;
        AtomicInteger conflicts = new AtomicInteger();
        List<Callable<Boolean>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                for (int i = 0; i < each; i++) {
                    while (true) {
                        StateItem current = store.get("p", "counter").orElseThrow();
                        int next = Integer.parseInt(current.data()) + 1;
                        try {
                            store.put(current.withData(Integer.toString(next)), Expect.version(current.version()));
                            break;
                        } catch (ConditionFailedException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return true;
            });
        }
        race(workers);

        StateItem counter = store.get("p", "counter").orElseThrow();
        assertThat(counter.data()).isEqualTo(Integer.toString(threads * each));
        assertThat(counter.version()).isEqualTo(1 + threads * each);
    }

    /** Runs the tasks at the same moment and returns their results. */
    private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.patrol.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeasesTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T09:00:00Z");
    private final InMemoryStateStore store = new InMemoryStateStore(clock);
    private final Leases leases = new Leases(store, clock);

    @Test
    void a_second_run_of_the_same_job_is_refused_and_told_who_holds_the_lease() {
        try (Leases.Lease first = leases.acquire("health", "run-1", Duration.ofMinutes(15))) {
            assertThatThrownBy(() -> leases.acquire("health", "run-2", Duration.ofMinutes(15)))
                    .isInstanceOf(LeaseHeldException.class)
                    .hasMessageContaining("another health run is still working")
                    .hasMessageContaining("started 2026-11-22T09:00:00Z")
                    .hasMessageContaining("lease runs out at 2026-11-22T09:15:00Z");
        }
    }

    @Test
    void different_jobs_do_not_block_each_other() {
        try (Leases.Lease health = leases.acquire("health", "run-1", Duration.ofMinutes(15));
             Leases.Lease backups = leases.acquire("backups", "run-2", Duration.ofMinutes(15))) {
            assertThat(store.query(Keys.LEASES, "")).hasSize(2);
        }
    }

    @Test
    void a_released_lease_lets_the_next_run_in() {
        leases.acquire("health", "run-1", Duration.ofMinutes(15)).close();

        try (Leases.Lease next = leases.acquire("health", "run-2", Duration.ofMinutes(15))) {
            assertThat(store.get(Keys.LEASES, "health")).get().extracting(StateItem::data).asString().contains("run-2");
        }
        assertThat(store.get(Keys.LEASES, "health")).isEmpty();
    }

    @Test
    void the_lease_of_a_crashed_run_runs_out() {
        leases.acquire("health", "crashed", Duration.ofMinutes(15)); // never closed

        clock.advance(Duration.ofMinutes(15));
        try (Leases.Lease next = leases.acquire("health", "run-2", Duration.ofMinutes(15))) {
            assertThat(next).isNotNull();
        }
    }

    @Test
    void a_slow_run_whose_lease_ran_out_does_not_release_the_lease_of_the_run_after_it() {
        Leases.Lease slow = leases.acquire("health", "slow", Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(20));
        Leases.Lease next = leases.acquire("health", "next", Duration.ofMinutes(15));

        slow.close();

        assertThat(store.get(Keys.LEASES, "health")).get().extracting(StateItem::data).asString().contains("next");
        assertThatThrownBy(() -> leases.acquire("health", "third", Duration.ofMinutes(15))).isInstanceOf(LeaseHeldException.class);
        next.close();
    }

    /** A lease as a process of this machine that has since died left it (kill -9, OOM). */
    private void leaseOfADeadProcess(String job) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Leases.Holder dead = new Leases.Holder("killed-run", clock.instant().toString(), "this host pid " + gone.pid(),
                Leases.Holder.ofThisProcess("x", clock.instant()).machine(), gone.pid(),
                gone.info().startInstant().map(Object::toString).orElse(""));
        store.put(new StateItem(Keys.LEASES, job, clock.millis(), Json.write(dead.toMap()), clock.instant().plus(Leases.TTL)),
                Expect.ABSENT);
    }

    @Test
    void the_lease_of_a_killed_process_on_this_machine_is_taken_over_at_once() throws Exception {
        leaseOfADeadProcess("health");

        try (Leases.Lease next = leases.acquire("health", "run-2", Leases.TTL)) {
            assertThat(store.get(Keys.LEASES, "health")).get().extracting(StateItem::data).asString().contains("run-2");
        }
        assertThat(store.get(Keys.LEASES, "health")).isEmpty();
    }

    @Test
    void the_lease_of_a_live_process_is_not_taken_over() {
        // This JVM is alive: a second acquire from it (another thread, another fan-out batch) must wait.
        try (Leases.Lease first = leases.acquire("health", "run-1", Leases.TTL)) {
            assertThatThrownBy(() -> leases.acquire("health", "run-2", Leases.TTL)).isInstanceOf(LeaseHeldException.class);
        }
    }

    @Test
    void a_renewed_lease_outlives_its_ttl_and_one_no_longer_renewed_runs_out_a_ttl_later() {
        Leases.Lease working = leases.acquire("health", "run-1", Leases.TTL);
        for (int i = 0; i < 10; i++) {
            clock.advance(Leases.HEARTBEAT);
            assertThat(working.renew()).isTrue();
        }
        assertThatThrownBy(() -> leases.acquire("health", "run-2", Leases.TTL)).isInstanceOf(LeaseHeldException.class);

        // Its holder stops renewing (a DynamoDB-state run killed on another machine): a TTL later the next run gets in.
        clock.advance(Leases.TTL);
        try (Leases.Lease next = leases.acquire("health", "run-2", Leases.TTL)) {
            assertThat(working.renew()).as("the old holder learns it lost the lease").isFalse();
        }
    }

    @Test
    void a_lease_with_a_deadline_is_released_by_then() throws Exception {
        Leases.Lease lambda = leases.acquire("health", "invocation", Leases.TTL).keepAlive(Leases.HEARTBEAT, clock.instant());
        long until = System.nanoTime() + 5_000_000_000L;
        while (store.get(Keys.LEASES, "health").isPresent() && System.nanoTime() < until) Thread.sleep(20);

        assertThat(store.get(Keys.LEASES, "health")).as("released at the deadline, before Lambda stops the invocation").isEmpty();
        lambda.close();
    }
}

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
}

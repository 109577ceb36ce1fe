package dev.patrol.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.time.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test double other modules rely on keeps the {@link StateStore} contract, and DynamoDB's rough edges. */
class InMemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore newStore(MutableClock clock) {
        return new InMemoryStateStore(clock);
    }

    private InMemoryStateStore memory() {
        return (InMemoryStateStore) store;
    }

    @Test
    void an_expired_item_lingers_for_absent_until_the_ttl_sweep_as_in_dynamodb() {
        store.put(StateItem.of("p", "s", "old").expiringAt(T0.plusSeconds(1)), Expect.ABSENT);
        clock.set(T0.plusSeconds(2));

        assertThat(store.get("p", "s")).isEmpty();
        assertThatThrownBy(() -> store.put(StateItem.of("p", "s", "new"), Expect.ABSENT)).isInstanceOf(ConditionFailedException.class);

        memory().sweepExpired();
        store.put(StateItem.of("p", "s", "new"), Expect.ABSENT);
        assertThat(memory().items()).singleElement().returns("new", StateItem::data);
    }

    @Test
    void an_unreachable_store_fails_every_call_with_state_unavailable() {
        memory().unreachable(true);

        assertThatThrownBy(() -> store.get("p", "s")).isInstanceOf(StateUnavailableException.class);
        assertThatThrownBy(() -> store.query("p", "")).isInstanceOf(StateUnavailableException.class);
        assertThatThrownBy(() -> store.put(StateItem.of("p", "s", "x"), Expect.ANYTHING)).isInstanceOf(StateUnavailableException.class);
        assertThatThrownBy(() -> store.delete("p", "s", Expect.ANYTHING)).isInstanceOf(StateUnavailableException.class);
        assertThatThrownBy(() -> store.putAll(List.of())).isInstanceOf(StateUnavailableException.class);

        memory().unreachable(false);
        assertThat(store.get("p", "s")).isEmpty();
    }

    @Test
    void empty_keys_are_refused_as_dynamodb_refuses_them() {
        assertThatThrownBy(() -> store.put(StateItem.of("p", "", "x"), Expect.ANYTHING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(StateItem.of("", "s", "x"), Expect.ANYTHING)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void items_over_400_kb_are_refused() {
        String big = "x".repeat(400 * 1024 + 1);
        assertThatThrownBy(() -> store.put(StateItem.of("p", "s", big), Expect.ANYTHING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("400 KB");
    }
}

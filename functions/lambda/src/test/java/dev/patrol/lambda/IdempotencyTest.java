package dev.patrol.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.state.InMemoryStateStore;
import dev.patrol.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IdempotencyTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T09:00:00Z"));
    final InMemoryStateStore state = new InMemoryStateStore(clock);
    final Idempotency idempotency = new Idempotency(state, clock, Duration.ofDays(2));
    final AtomicInteger runs = new AtomicInteger();

    JsonNode work() {
        return JsonMapper.shared().createObjectNode().put("runId", "run-" + runs.incrementAndGet());
    }

    @Test
    void aSecondDeliveryGetsTheFirstResultWithoutWorking() {
        var first = idempotency.once("event#health", "e1", Duration.ofMinutes(5), this::work);
        var second = idempotency.once("event#health", "e1", Duration.ofMinutes(5), this::work);

        assertThat(runs).hasValue(1);
        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.result()).isEqualTo(first.result());
    }

    @Test
    void workThatFailsIsReleasedSoTheRetryRuns() {
        assertThatThrownBy(() -> idempotency.once("event#health", "e2", Duration.ofMinutes(5), () -> {
            throw new IllegalStateException("state store unreachable");
        })).hasMessage("state store unreachable");

        assertThat(idempotency.once("event#health", "e2", Duration.ofMinutes(5), this::work).replayed()).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aDeliveryWhileAnotherIsRunningIsRefusedUntilItsLeaseRunsOut() {
        idempotency.once("event#health", "e3", Duration.ofMinutes(5), () -> {
            assertThatThrownBy(() -> idempotency.once("event#health", "e3", Duration.ofMinutes(5), this::work))
                    .isInstanceOf(Idempotency.AlreadyRunningException.class);
            clock.advance(Duration.ofMinutes(6)); // the first holder "died": its lease ran out
            return idempotency.once("event#health", "e3", Duration.ofMinutes(5), this::work).result();
        });

        assertThat(runs).hasValue(1);
    }

    @Test
    void finishedRecordsExpireAfterTheirKeepTime() {
        idempotency.once("event#health", "e4", Duration.ofMinutes(5), this::work);

        assertThat(state.get("event#health", "e4").orElseThrow().expiresAt())
                .isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
    }
}

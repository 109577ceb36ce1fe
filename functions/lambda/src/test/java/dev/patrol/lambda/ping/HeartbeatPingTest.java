package dev.patrol.lambda.ping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatPingTest {

    @Test
    void sortKeysSortInTimeOrderEvenOnWholeSeconds() {
        String onTheSecond = new HeartbeatPing("crm", HeartbeatPing.Kind.OK, Instant.parse("2026-11-22T09:00:00Z")).toItem().sk();
        String halfLater = new HeartbeatPing("crm", HeartbeatPing.Kind.OK, Instant.parse("2026-11-22T09:00:00.500Z")).toItem().sk();

        assertThat(onTheSecond).isEqualTo("ping#2026-11-22T09:00:00.000Z#ok");
        assertThat(onTheSecond).isLessThan(halfLater);
    }

    @Test
    void thePingItemIsTheLayoutTheHealthJobReads() {
        var item = new HeartbeatPing("crm-sync-9am", HeartbeatPing.Kind.FAIL, Instant.parse("2026-11-22T09:00:01.234567Z")).toItem();

        assertThat(item.pk()).isEqualTo("heartbeat#crm-sync-9am");
        assertThat(item.sk()).isEqualTo("ping#2026-11-22T09:00:01.234Z#fail");
        assertThat(item.data()).isEqualTo("{\"at\":\"2026-11-22T09:00:01.234Z\",\"kind\":\"fail\"}");
        assertThat(item.expiresAt()).isEqualTo(Instant.parse("2026-12-22T09:00:01.234Z"));
    }
}

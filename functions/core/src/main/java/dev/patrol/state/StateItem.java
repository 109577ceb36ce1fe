package dev.patrol.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One item of Patrol's single-table state: a partition key, a sort key, a JSON
 * document, a version for optimistic concurrency and an optional expiry (the
 * DynamoDB TTL attribute {@code expiresAt}).
 */
public record StateItem(String pk, String sk, long version, String data, Instant expiresAt) {
    public StateItem {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(sk, "sk");
        Objects.requireNonNull(data, "data");
    }

    public static StateItem of(String pk, String sk, String data) {
        return new StateItem(pk, sk, 0, data, null);
    }

    public StateItem withData(String newData) {
        return new StateItem(pk, sk, version, newData, expiresAt);
    }

    public StateItem withVersion(long newVersion) {
        return new StateItem(pk, sk, newVersion, data, expiresAt);
    }

    public StateItem expiringAt(Instant when) {
        return new StateItem(pk, sk, version, data, when);
    }

    /** Expired items may linger until the store's TTL sweep removes them; readers treat them as gone. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}

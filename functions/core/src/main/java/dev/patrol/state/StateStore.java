package dev.patrol.state;

import java.util.List;
import java.util.Optional;

/**
 * Patrol's state: one table of items addressed by partition key and sort key.
 * Every job keeps its memory here (target states, history, pings, findings, scan
 * cursors, leases, the alert outbox, run records). Implementations: DynamoDB (real
 * or DynamoDB Local) in the adapters, an in-memory one for unit tests.
 *
 * <p>Every method throws {@link StateUnavailableException} when the store cannot be
 * reached; conditional writes throw {@link ConditionFailedException} when the
 * condition does not hold.
 */
public interface StateStore {

    /** The item with this key, unless absent or expired. */
    Optional<StateItem> get(String pk, String sk);

    /** Items of one partition whose sort key starts with {@code skPrefix}, ordered by sort key; expired ones left out. */
    List<StateItem> query(String pk, String skPrefix);

    /**
     * Writes the item if {@code expect} holds. The stored version becomes
     * {@code item.version() + 1}; the returned item carries it.
     */
    StateItem put(StateItem item, Expect expect);

    /** Deletes the item if {@code expect} holds (a missing item is not an error with {@link Expect#ANYTHING}). */
    void delete(String pk, String sk, Expect expect);

    /** Writes all or nothing; any failed condition fails the whole batch with {@link ConditionFailedException}. */
    void putAll(List<Write> writes);

    /** One write of an all-or-nothing batch. */
    record Write(StateItem item, Expect expect, boolean delete) {
        public static Write put(StateItem item, Expect expect) {
            return new Write(item, expect, false);
        }

        public static Write delete(String pk, String sk, Expect expect) {
            return new Write(StateItem.of(pk, sk, ""), expect, true);
        }
    }
}

package dev.patrol.state;

import java.time.Instant;

/** The condition a write needs to hold; a write whose condition fails throws {@link ConditionFailedException}. */
public sealed interface Expect {
    /** Write whatever is there. */
    record Anything() implements Expect {}

    /** Write only when no item has this key. */
    record Absent() implements Expect {}

    /** Write only when the stored item has this version (optimistic concurrency). */
    record Version(long version) implements Expect {}

    /** Write only when no item has this key or the stored one expired before {@code now} (leases). */
    record AbsentOrExpired(Instant now) implements Expect {}

    Expect ANYTHING = new Anything();
    Expect ABSENT = new Absent();

    static Expect version(long v) {
        return new Version(v);
    }

    static Expect absentOrExpired(Instant now) {
        return new AbsentOrExpired(now);
    }
}

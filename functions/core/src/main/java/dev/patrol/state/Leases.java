package dev.patrol.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One run of a job at a time. A lease is an item written only if absent or
 * expired (a condition expression), so two overlapping runs cannot both win; a run
 * that crashed leaves a lease that simply expires.
 */
public final class Leases {
    private final StateStore store;
    private final Clock clock;

    public Leases(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Lease acquire(String job, String owner, Duration ttl) {
        Instant now = clock.instant();
        String data = Json.write(Map.of("owner", owner, "acquiredAt", now.toString(), "host", host()));
        try {
            // The version doubles as the lease's identity for close(): counting from the time taken, a lease that
            // replaces an expired one never shares its version, so a late close() cannot delete its successor.
            StateItem written = store.put(new StateItem(Keys.LEASES, job, now.toEpochMilli(), data, now.plus(ttl)),
                    Expect.absentOrExpired(now));
            return new Lease(job, written.version());
        } catch (ConditionFailedException e) {
            String who = store.get(Keys.LEASES, job).map(i -> {
                var holder = Json.MAPPER.readTree(i.data());
                return " (started " + holder.path("acquiredAt").asString() + " on " + holder.path("host").asString()
                        + ", lease runs out at " + i.expiresAt() + ")";
            }).orElse("");
            throw new LeaseHeldException("another " + job + " run is still working" + who
                    + "; this run did nothing. Wait for it to finish, or for the lease to run out if it crashed.");
        }
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) h = System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
        return (h == null ? "unknown host" : h) + " pid " + ProcessHandle.current().pid();
    }

    /** A held lease; release it when the run ends. */
    public final class Lease implements AutoCloseable {
        private final String job;
        private final long version;

        private Lease(String job, long version) {
            this.job = job;
            this.version = version;
        }

        @Override
        public void close() {
            try {
                store.delete(Keys.LEASES, job, Expect.version(version));
            } catch (ConditionFailedException e) {
                // The lease ran out and someone else took it: theirs now, leave it.
            }
        }
    }
}

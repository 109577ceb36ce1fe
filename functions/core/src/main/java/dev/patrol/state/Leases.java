package dev.patrol.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One run of a job at a time. A lease is an item written only if absent or
 * expired (a condition expression), so two overlapping runs cannot both win.
 *
 * <p>A run that stops part way must not lock its job (a blind monitor is worse than
 * a late one), so a lease is short and kept alive by its holder:
 * <ul>
 *   <li>{@link Lease#keepAlive} renews it every {@link #HEARTBEAT} while the run works;
 *       a holder that was killed (kill -9, OOM, a Lambda timeout) stops renewing, and its
 *       lease runs out {@link #TTL} after the last renewal;</li>
 *   <li>the lease names its holder's machine, process id and process start time: a lease
 *       whose holder is a process of this machine that no longer exists is taken over at
 *       once (embedded state, cron on one server);</li>
 *   <li>a JVM told to stop (SIGINT, SIGTERM) releases its leases from a shutdown hook;</li>
 *   <li>a holder with a deadline of its own (a Lambda invocation) releases the lease before it.</li>
 * </ul>
 */
public final class Leases {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    /** How long a lease lasts without renewal: three missed heartbeats. */
    public static final Duration TTL = Duration.ofSeconds(60);
    public static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final StateStore store;
    private final Clock clock;

    public Leases(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Lease acquire(String job, String owner, Duration ttl) {
        Instant now = clock.instant();
        String data = Json.write(Holder.ofThisProcess(owner, now).toMap());
        try {
            // The version doubles as the lease's identity for close(): counting from the time taken, a lease that
            // replaces an expired one never shares its version, so a late close() cannot delete its successor.
            StateItem written = store.put(new StateItem(Keys.LEASES, job, now.toEpochMilli(), data, now.plus(ttl)),
                    Expect.absentOrExpired(now));
            return new Lease(job, owner, written, ttl);
        } catch (ConditionFailedException e) {
            Optional<StateItem> held = store.get(Keys.LEASES, job);
            if (held.isPresent() && Holder.of(held.get()).isDeadProcessOfThisMachine()) {
                Optional<Lease> taken = takeOver(job, owner, held.get(), data, now, ttl);
                if (taken.isPresent()) return taken.get();
            }
            String who = held.map(i -> {
                Holder holder = Holder.of(i);
                return " (started " + holder.acquiredAt() + " on " + holder.where() + ", lease runs out at " + i.expiresAt() + ")";
            }).orElse("");
            throw new LeaseHeldException("another " + job + " run is still working" + who
                    + "; this run did nothing. Wait for it to finish, or for the lease to run out if it crashed.");
        }
    }

    /** The holder was killed: its process is gone, so it can neither finish nor renew. */
    private Optional<Lease> takeOver(String job, String owner, StateItem held, String data, Instant now, Duration ttl) {
        try {
            StateItem written = store.put(new StateItem(Keys.LEASES, job, Math.max(now.toEpochMilli(), held.version()), data,
                    now.plus(ttl)), Expect.version(held.version()));
            log.info("{}: took over the lease of a run that stopped without releasing it ({})", job, Holder.of(held).where());
            return Optional.of(new Lease(job, owner, written, ttl));
        } catch (ConditionFailedException raced) {
            return Optional.empty(); // another new run took it first
        }
    }

    /** The owners (run ids) of the live leases of {@code job} and of its fan-out batches. */
    public List<String> liveOwners(String job) {
        return store.query(Keys.LEASES, job).stream()
                .filter(i -> i.sk().equals(job) || i.sk().startsWith(job + "#"))
                .map(i -> Holder.of(i).owner())
                .toList();
    }

    /** Who holds a lease: the run, and the process and machine it runs in. */
    record Holder(String owner, String acquiredAt, String host, String machine, long pid, String processStart) {
        private static final String THIS_MACHINE = thisMachine();

        static Holder ofThisProcess(String owner, Instant now) {
            ProcessHandle me = ProcessHandle.current();
            return new Holder(owner, now.toString(), hostName() + " pid " + me.pid(), THIS_MACHINE, me.pid(),
                    me.info().startInstant().map(Instant::toString).orElse(""));
        }

        static Holder of(StateItem lease) {
            JsonNode n = Json.MAPPER.readTree(lease.data());
            return new Holder(n.path("owner").asString(""), n.path("acquiredAt").asString(""), n.path("host").asString("unknown host"),
                    n.path("machine").asString(""), n.path("pid").asLong(-1), n.path("processStart").asString(""));
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("owner", owner);
            m.put("acquiredAt", acquiredAt);
            m.put("host", host);
            m.put("machine", machine);
            m.put("pid", pid);
            m.put("processStart", processStart);
            return m;
        }

        String where() {
            return host;
        }

        /**
         * Only a holder on this machine can be checked; the pid alone could have been reused by
         * another process since, so its start time must match as well.
         */
        boolean isDeadProcessOfThisMachine() {
            if (machine.isEmpty() || !machine.equals(THIS_MACHINE) || pid <= 0) return false;
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) return true;
            Optional<Instant> started = process.get().info().startInstant();
            return started.isPresent() && !processStart.isEmpty() && !started.get().toString().equals(processStart);
        }

        private static String hostName() {
            String h = System.getenv("HOSTNAME");
            if (h == null || h.isBlank()) h = System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
            if (h == null || h.isBlank()) h = read(Path.of("/proc/sys/kernel/hostname"));
            return h == null || h.isBlank() ? "unknown host" : h.strip();
        }

        /**
         * The host name and the kernel's boot id: two containers or microVMs may share a
         * host name, but a process id means something only under the kernel that gave it.
         * Empty where the boot id cannot be read: such holders are never judged dead by pid.
         */
        private static String thisMachine() {
            String boot = read(Path.of("/proc/sys/kernel/random/boot_id"));
            return boot == null || boot.isBlank() ? "" : hostName() + "/" + boot.strip();
        }

        private static String read(Path file) {
            try {
                return Files.isReadable(file) ? Files.readString(file) : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** A held lease; release it when the run ends. */
    public final class Lease implements AutoCloseable {
        private final String job;
        private final String owner;
        private final Duration ttl;
        private StateItem current;
        private boolean released;
        private ScheduledExecutorService heartbeat;
        private Thread onShutdown;

        private Lease(String job, String owner, StateItem current, Duration ttl) {
            this.job = job;
            this.owner = owner;
            this.current = current;
            this.ttl = ttl;
        }

        public String owner() {
            return owner;
        }

        /**
         * Renews the lease every {@code every} until it is closed, releases it when the JVM is
         * told to stop, and releases it at {@code releaseBy} (null: no deadline) so that a run
         * about to be stopped from outside does not leave it behind.
         */
        public synchronized Lease keepAlive(Duration every, Instant releaseBy) {
            if (released || heartbeat != null) return this;
            heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lease-" + job).factory());
            heartbeat.scheduleWithFixedDelay(this::renewQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            if (releaseBy != null) {
                long in = Math.max(0, Duration.between(clock.instant(), releaseBy).toMillis());
                heartbeat.schedule(() -> {
                    log.warn("{}: releasing the lease before this invocation's deadline ({}); the run may not finish", job, releaseBy);
                    release();
                }, in, TimeUnit.MILLISECONDS);
            }
            onShutdown = new Thread(this::release, "lease-release-" + job);
            try {
                Runtime.getRuntime().addShutdownHook(onShutdown);
            } catch (IllegalStateException shuttingDown) {
                onShutdown = null;
            }
            return this;
        }

        /** Extends the lease by its TTL from now; false if it was lost (it ran out and another run took it). */
        public synchronized boolean renew() {
            if (released) return false;
            Instant now = clock.instant();
            try {
                current = store.put(current.expiringAt(now.plus(ttl)), Expect.version(current.version()));
                return true;
            } catch (ConditionFailedException e) {
                released = true;
                log.warn("{}: the lease ran out and another run took it; this run's remaining state writes will be refused", job);
                return false;
            }
        }

        private void renewQuietly() {
            try {
                renew();
            } catch (RuntimeException e) {
                // State unreachable for a moment: the lease has TTL - HEARTBEAT left; the next beat tries again.
                log.warn("{}: could not renew the lease: {}", job, e.getMessage());
            }
        }

        @Override
        public void close() {
            ScheduledExecutorService beat;
            synchronized (this) {
                beat = heartbeat;
                heartbeat = null;
            }
            if (beat != null) beat.shutdownNow();
            if (onShutdown != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onShutdown);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: it releases the lease itself
                }
            }
            release();
        }

        private synchronized void release() {
            if (released) return;
            released = true;
            try {
                store.delete(Keys.LEASES, job, Expect.version(current.version()));
            } catch (ConditionFailedException e) {
                // The lease ran out and someone else took it: theirs now, leave it.
            } catch (RuntimeException e) {
                log.warn("{}: could not release the lease ({}); it runs out by itself at {}", job, e.getMessage(), current.expiresAt());
            }
        }
    }
}

package dev.patrol.pipeline;

import dev.patrol.alert.Alert;
import dev.patrol.alert.AlertText;
import dev.patrol.alert.Holds;
import dev.patrol.alert.Notifier;
import dev.patrol.alert.Outbox;
import dev.patrol.alert.Severity;
import dev.patrol.alert.Transition;
import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.CrashPoint;
import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.Leases;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import dev.patrol.state.TargetState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pipeline every job follows: targets → observations → state →
 * transitions → alerts → outbox → notifiers → run record. Jobs only observe.
 * A target whose check fails or crashes becomes one failed result; the others go on.
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final Duration KEEP_HISTORY = Duration.ofDays(400);
    private static final Duration KEEP_RUNS = Duration.ofDays(90);
    /** DynamoDB's transaction limit; one target's writes never straddle two batches. */
    private static final int MAX_WRITES = 100;

    private final RunContext context;
    private final Map<String, Notifier> notifiers;
    /** For the debug log's timeline of a run (System.nanoTime): when the last check started, the last result came, the last state write ended. */
    private final java.util.concurrent.atomic.AtomicLong lastStart = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastResult = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lastWrite = new java.util.concurrent.atomic.AtomicLong();

    public Pipeline(RunContext context, Map<String, Notifier> notifiers) {
        this.context = context;
        this.notifiers = Map.copyOf(notifiers);
    }

    public RunRecord run(Job job, RunOptions options) {
        CrashPoint.reach("job:" + job.name());
        long t0 = System.nanoTime();
        List<? extends Target> all = job.targets(context);
        List<Target> selected = select(job, all, options.targets());
        String runId = UUID.randomUUID().toString();
        Instant started = context.clock().instant();
        Leases leases = new Leases(context.state(), context.clock());
        String leaseName = options.lease() == null ? job.name() : job.name() + "#" + options.lease();
        // The checks that need no state start now, while the state store may still open; nothing of them is recorded before the lease.
        try (Observing observing = new Observing(job, selected);
             Leases.Lease ignored = leases.acquire(leaseName, runId, Leases.TTL).keepAlive(Leases.HEARTBEAT, options.releaseBy())) {
            long leased = System.nanoTime();
            List<RunRecord.Result> results = new ArrayList<>();
            List<Observation> observations;
            List<Alert> raised;
            // State is written as results arrive, in batches, while the slower checks still run.
            // Entries this run will deliver are written claimed by it: its delivery then needs no claim write of its own.
            try (Recording recording = new Recording(job, selected, options.alerts() && !notifiers.isEmpty() ? runId : null)) {
                observations = observing.finish(recording::accept);
                raised = recording.finish(results);
            }
            long t1 = System.nanoTime();
            afterRecorded(job, selected, observations);
            long t2 = System.nanoTime();
            // --no-alerts holds delivery back, never the alerts: they wait in the outbox for the next normal run.
            List<RunRecord.AlertOutcome> outcomes = options.alerts() ? deliver(job, raised, runId) : queued(raised);
            if (log.isDebugEnabled()) {
                log.debug("{}: observed {} targets and recorded their state in {} ms (lease held at {} ms, checks started within {} ms, "
                        + "last result at {} ms, last state write done at {} ms), saved what jobs learned in {} ms, delivered alerts in {} ms",
                        job.name(), selected.size(), (t1 - t0) / 1_000_000, (leased - t0) / 1_000_000, (lastStart.get() - t0) / 1_000_000,
                        (lastResult.get() - t0) / 1_000_000, (lastWrite.get() - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                        (System.nanoTime() - t2) / 1_000_000);
            }
            String status = results.stream().allMatch(r -> r.status().equals(Status.OK.id())) ? RunRecord.OK : RunRecord.PROBLEMS;
            RunRecord run = new RunRecord(job.name(), runId, started, context.clock().instant(), status, results, outcomes);
            saveRun(run);
            return run;
        }
    }

    private static List<Target> select(Job job, List<? extends Target> all, List<String> names) {
        if (names.isEmpty()) return List.copyOf(all);
        Map<String, Target> byName = new LinkedHashMap<>();
        all.forEach(t -> byName.put(t.name(), t));
        List<String> unknown = names.stream().filter(n -> !byName.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownTargetException("--target " + String.join(", ", unknown) + ": no such " + job.name()
                    + " target in the config; known: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
        }
        return names.stream().distinct().map(byName::get).toList();
    }

    /**
     * The checks of one run, every target at once (up to the job's parallelism). Those the job can check without state
     * start when this is made, before the lease; the rest once recording begins ({@link #finish}). Each observation goes
     * to recording as it arrives, but none before {@link #finish}: a run that never gets there (its lease refused, state
     * unavailable) closes this, and what its early checks saw is dropped, neither recorded nor alerted.
     */
    private final class Observing implements AutoCloseable {
        private final Job job;
        private final List<Target> targets;
        private final Semaphore slots;
        private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        private final List<Future<Observation>> futures;
        private final java.util.concurrent.CountDownLatch recording = new java.util.concurrent.CountDownLatch(1);
        private volatile java.util.function.ObjIntConsumer<Observation> done;
        private boolean finished;

        Observing(Job job, List<Target> targets) {
            this.job = job;
            this.targets = targets;
            this.slots = new Semaphore(Math.max(1, job.parallelism()));
            this.futures = new ArrayList<>(java.util.Collections.nCopies(targets.size(), null));
            for (int i = 0; i < targets.size(); i++) {
                if (job.observesWithoutState(targets.get(i))) start(i, true);
            }
        }

        private void start(int index, boolean early) {
            Target t = targets.get(index);
            futures.set(index, pool.submit(() -> {
                Observation o;
                slots.acquireUninterruptibly();
                lastStart.accumulateAndGet(System.nanoTime(), Math::max);
                try {
                    o = observeOne(job, t, () -> {
                        if (!early) CrashPoint.reach("observe");
                        return job.observe(t, context);
                    });
                } finally {
                    slots.release();
                }
                lastResult.accumulateAndGet(System.nanoTime(), Math::max);
                recording.await();
                // Held at the same place as a check started late: the run holds its lease, nothing of this target is written yet.
                // A failure there is the check's, as it is for a check started late.
                if (early) {
                    Observation seen = o;
                    o = observeOne(job, t, () -> {
                        CrashPoint.reach("observe");
                        return seen;
                    });
                }
                done.accept(o, index);
                return o;
            }));
        }

        /** Hands every observation to {@code done} as it arrives (the early ones first), and returns them in target order. */
        List<Observation> finish(java.util.function.ObjIntConsumer<Observation> done) {
            this.done = done;
            recording.countDown();
            for (int i = 0; i < targets.size(); i++) {
                if (futures.get(i) == null) start(i, false);
            }
            pool.close(); // waits for every check
            finished = true;
            for (Future<Observation> f : futures) {
                if (f.state() == Future.State.FAILED) {
                    // A check's own failure is an observation; this is recording failing (state unreachable): the run cannot go on.
                    if (f.exceptionNow() instanceof RuntimeException r) throw r;
                    throw new IllegalStateException(f.exceptionNow());
                }
            }
            return futures.stream().map(Future::resultNow).toList();
        }

        /** A run that did not get to recording: its early checks are stopped where they are, not waited for (a hung endpoint's timeout). */
        @Override
        public void close() {
            if (!finished) pool.shutdownNow();
        }
    }

    /** A check that throws (or returns nothing) is an error observation of that target alone, never the run's failure. */
    private Observation observeOne(Job job, Target t, java.util.concurrent.Callable<Observation> check) {
        try {
            Observation o = check.call();
            return o != null ? o : Observation.error("the " + t.kind() + " check returned nothing (a Patrol bug)", Map.of());
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Exception | Error e) {
            log.debug("check of {} {} crashed", job.name(), t.name(), e);
            // No class name here: details reach run --json, reports and alerts. "internal" is the error document's word for a bug.
            return Observation.error("could not check " + t.name() + ": " + describe(e), Map.of("cause", "internal", "hint", CRASH_HINT));
        }
    }

    /** What a person does about a check that stopped on a failure it does not handle. */
    static final String CRASH_HINT = "the check stopped on a failure it does not handle: PATROL_LOG=debug shows where, and please report it";

    private static String describe(Throwable e) {
        return dev.patrol.text.ProblemWords.describe(e);
    }

    /**
     * Compares each observation with state as it arrives and writes the new state with its alerts, one
     * transaction per batch of targets (a target's writes never straddle two), batches going while the
     * slower checks still run. Every target of a run is recorded at one instant, so its alerts group.
     */
    private final class Recording implements AutoCloseable {
        private final Job job;
        private final List<Target> targets;
        private final String deliveringRun;
        private final Instant now = context.clock().instant();
        private final Map<String, StateItem> stored = new HashMap<>();
        private final Outbox outbox = new Outbox(context.state(), context.clock());
        private final Severity floor = context.config().alerts().minSeverity();
        private final Holds holds;
        private final RunRecord.Result[] results;
        private final List<List<Alert>> raised;
        private final List<Future<?>> pending = new ArrayList<>();
        private final Semaphore slots = new Semaphore(4);
        // Platform threads: a store may do its work in native code on the caller's thread (SQLite under embedded DynamoDB
        // Local), which holds a virtual thread's carrier; measured, the checks' timeouts then fired up to 0.3 s late.
        private final ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("state-write-", 0).factory());
        private List<StateStore.Write> batch = new ArrayList<>();
        /** Batches being written now. */
        private int writing;
        private boolean finishing;

        Recording(Job job, List<Target> targets, String deliveringRun) {
            this.job = job;
            this.deliveringRun = deliveringRun;
            this.targets = targets;
            for (StateItem i : context.state().query(Keys.targets(job.name()), "")) stored.put(i.sk(), i);
            this.holds = Holds.load(context.state(), context.config().alerts(), job.name(), context.clock());
            this.results = new RunRecord.Result[targets.size()];
            this.raised = new ArrayList<>(java.util.Collections.nCopies(targets.size(), List.<Alert>of()));
        }

        synchronized void accept(Observation o, int i) {
            Target t = targets.get(i);
            List<Alert> sent = new ArrayList<>();
            Optional<Holds.Hold> hold = holds.of(t.name());
            results[i] = new RunRecord.Result(t.name(), t.kind(), o.status().id(), t.severity().name(), o.message(), o.details(),
                    hold.filter(h -> h.kind().equals(Holds.Hold.MAINTENANCE)).map(h -> true).orElse(null),
                    hold.filter(h -> h.kind().equals(Holds.Hold.MUTE)).map(h -> true).orElse(null));
            List<StateStore.Write> writes = new ArrayList<>();
            List<Alert> alerts = new ArrayList<>(o.events());
            StateItem item = stored.get(t.name());
            TargetState prev = item == null ? TargetState.fresh(now) : Json.read(item.data(), TargetState.class);
            UpDown.Step step = UpDown.apply(prev, job.trackedStatus(o.status()), o.message(), t.failAfter(), now);
            Flapping.Step flap = Flapping.apply(step.next(), step.transition(), context.config().alerts().flapping(), now);
            // A quiet run counts no reminder or escalation as sent: a target that settles DOWN still escalates after its STABLE.
            Outage.Step outage = flap.quiet() ? Outage.Step.none(flap.next())
                    : Outage.apply(flap.next(), context.config().alerts().policy(job.name(), t.name()), now);
            outage.transitions().forEach(tr -> alerts.add(outageAlert(job, t, tr, o, outage.downFor(), now)));
            flap.transition().ifPresent(tr -> alerts.add(flapAlert(job, t, tr, o, flap.next(), now)));
            StateItem next = item == null ? StateItem.of(Keys.targets(job.name()), t.name(), Json.write(outage.next()))
                    : item.withData(Json.write(outage.next()));
            writes.add(StateStore.Write.put(next, item == null ? Expect.ABSENT : Expect.version(item.version())));
            if (prev.day() != null && !prev.day().equals(step.next().day())) {
                writes.add(StateStore.Write.put(StateItem.of(Keys.history(job.name(), t.name()), prev.day().toString(),
                        Json.write(Map.of("checks", prev.checksToday(), "failures", prev.failuresToday())))
                        .expiringAt(now.plus(KEEP_HISTORY)), Expect.ANYTHING));
            }
            step.transition().ifPresent(tr -> {
                if (!flap.quiet()) alerts.add(alert(job, t, tr, o, now));
                writes.add(StateStore.Write.put(StateItem.of(Keys.transitions(job.name()), Keys.time(now) + "#" + t.name(),
                        Json.write(Map.of("target", t.name(), "kind", t.kind(), "transition", tr.id(),
                                "severity", t.severity().name(), "message", o.message() == null ? "" : o.message())))
                        .expiringAt(now.plus(KEEP_HISTORY.multipliedBy(2))), Expect.ANYTHING));
            });
            Holds.Decision decided = holds.decide(t.name(), alerts.stream().filter(a -> a.severity().atLeast(floor)).toList());
            writes.addAll(decided.writes());
            for (Alert a : decided.send()) {
                sent.add(a);
                outbox.entries(a, channelsOf(a), deliveringRun).forEach(e -> writes.add(StateStore.Write.put(e, Expect.ABSENT)));
            }
            raised.set(i, sent);
            if (batch.size() + writes.size() > MAX_WRITES && !batch.isEmpty()) flush();
            batch.addAll(writes);
            // The store idle: write now rather than wait for a full batch, so that the last results of a run (its hung
            // endpoints, timing out together) are not all written after the last of them.
            if (writing == 0) flush();
        }

        private void flush() {
            if (batch.isEmpty()) return;
            List<StateStore.Write> b = batch;
            batch = new ArrayList<>();
            writing++;
            pending.add(pool.submit(() -> {
                slots.acquireUninterruptibly();
                try {
                    context.state().putAll(b);
                    lastWrite.accumulateAndGet(System.nanoTime(), Math::max);
                    CrashPoint.reach("state-write");
                } finally {
                    slots.release();
                    written();
                }
            }));
        }

        /** A write ended: what queued up meanwhile goes next, once no other write is in flight. */
        private synchronized void written() {
            writing--;
            if (writing == 0 && !finishing) flush();
        }

        /** Writes what is left, waits for every batch, and returns the results in target order and the alerts to send. */
        List<Alert> finish(List<RunRecord.Result> out) {
            synchronized (this) {
                finishing = true;
                flush();
            }
            pool.close();
            for (Future<?> f : pending) {
                if (f.state() == Future.State.FAILED) {
                    Throwable e = f.exceptionNow();
                    if (e instanceof ConditionFailedException) {
                        // Only a run that ignored the lease could get here; say so rather than overwrite its state.
                        throw new IllegalStateException("another run changed " + job.name() + " state while this one ran; "
                                + "its results win and this run's changes were not saved", e);
                    }
                    if (e instanceof RuntimeException r) throw r;
                    throw new IllegalStateException(e);
                }
            }
            out.addAll(java.util.Arrays.asList(results));
            return raised.stream().flatMap(List::stream).toList();
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    /** What jobs remember for themselves, now that the observations and their alerts are written. */
    private static void afterRecorded(Job job, List<Target> targets, List<Observation> observations) {
        for (int i = 0; i < targets.size(); i++) {
            try {
                observations.get(i).afterRecorded().run();
            } catch (RuntimeException e) {
                // Its alerts are in the outbox already; the next run repeats this target's work (and may alert twice, never zero times).
                log.warn("{}: could not save what was learned about {}: {} (the next run repeats it)", job.name(), targets.get(i).name(),
                        e.getMessage());
            }
        }
    }

    private Alert alert(Job job, Target t, Transition tr, Observation o, Instant now) {
        String project = context.config().name();
        String text = switch (tr) {
            case DOWN -> t.kind() + " " + t.name() + " is DOWN: " + o.message();
            case UP -> t.kind() + " " + t.name() + " RECOVERED: " + o.message();
            default -> o.message();
        };
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("severity", t.severity().name() + " " + t.severity().label());
        facts.put("kind", t.kind());
        return new Alert(job.name() + ":" + t.name() + ":" + tr.id() + ":" + now.toEpochMilli(), job.name(), t.name(), t.kind(),
                tr, t.severity(), now, AlertText.title(project, job.name(), t.name(), tr), text, facts, null);
    }

    /** A REMINDER or ESCALATION of a target still down; its id names the outage, so each is sent once per outage. */
    private Alert outageAlert(Job job, Target t, Transition tr, Observation o, Duration downFor, Instant now) {
        String text = t.kind() + " " + t.name() + " has been DOWN for " + Outage.say(downFor) + ": " + o.message();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("severity", t.severity().name() + " " + t.severity().label());
        facts.put("kind", t.kind());
        facts.put("down for", Outage.say(downFor));
        return new Alert(job.name() + ":" + t.name() + ":" + tr.id() + ":" + now.toEpochMilli(), job.name(), t.name(), t.kind(),
                tr, t.severity(), now, AlertText.title(context.config().name(), job.name(), t.name(), tr), text, facts, null);
    }

    /** FLAPPING (then quiet) or STABLE (naming the state it settled in). */
    private Alert flapAlert(Job job, Target t, Transition tr, Observation o, TargetState state, Instant now) {
        var flapping = context.config().alerts().flapping();
        String window = Outage.say(flapping.window());
        String settled = state.isDown() ? "DOWN" : "UP";
        String text = tr == Transition.FLAPPING
                ? t.kind() + " " + t.name() + " is FLAPPING: it changed state " + state.changes().size() + " times within " + window
                        + "; its DOWN and RECOVERED alerts are held until it stays the same for " + window
                : t.kind() + " " + t.name() + " is STABLE: no change for " + window + "; it settled " + settled
                        + (o.message() == null ? "" : ": " + o.message());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("severity", t.severity().name() + " " + t.severity().label());
        facts.put("kind", t.kind());
        facts.put(tr == Transition.FLAPPING ? "changes" : "settled", tr == Transition.FLAPPING ? String.valueOf(state.changes().size()) : settled);
        return new Alert(job.name() + ":" + t.name() + ":" + tr.id() + ":" + now.toEpochMilli(), job.name(), t.name(), t.kind(),
                tr, t.severity(), now, AlertText.title(context.config().name(), job.name(), t.name(), tr), text, facts, null);
    }

    private List<RunRecord.AlertOutcome> deliver(Job job, List<Alert> raised, String runId) {
        if (notifiers.isEmpty()) return queued(raised);
        // Everything pending goes out now: this run's alerts and any a previous run could not deliver.
        return new Outbox(context.state(), context.clock()).deliver(job.name(), notifiers, runId, context.config().alerts().groupAbove()).stream()
                .map(d -> outcome(d.alert(), d.channels(), d.delivered())).toList();
    }

    /** Alerts written to the outbox and not sent by this run. */
    private List<RunRecord.AlertOutcome> queued(List<Alert> raised) {
        return raised.stream().map(a -> outcome(a, channelsOf(a), false)).toList();
    }

    /** The channels the routes give this alert (each its own outbox entry), among those this mode can reach. */
    private List<String> channelsOf(Alert a) {
        var alerts = context.config().alerts();
        // Without routes everything takes the default route: the notifiers this mode built from the config's channels.
        if (alerts.routes().isEmpty()) return notifiers.keySet().stream().sorted().toList();
        List<String> routed = alerts.channelsFor(a.job(), a.target(), a.severity().name(), alerts.policy(a.job(), a.target()).owner(),
                a.transition() == Transition.ESCALATION);
        List<String> reachable = routed.stream().filter(notifiers::containsKey).sorted().toList();
        if (!reachable.isEmpty()) return reachable;
        // Only channels this mode cannot keep (a file, in a function): no outbox entry would be written and the alert would
        // be gone without a word. The default route takes it instead.
        List<String> fallback = alerts.defaultRoute().stream().filter(notifiers::containsKey).sorted().toList();
        if (unreachableRoutes.add(routed)) {
            log.warn("alerts routed to {} go to {} instead: {} cannot be kept here (a function keeps no files); route them to Slack or SNS",
                    String.join(", ", routed), fallback.isEmpty() ? "no channel" : String.join(", ", fallback), String.join(", ", routed));
        }
        return fallback;
    }

    /** Channel lists already warned about in this process: one warning each, not one per alert. */
    private final java.util.Set<List<String>> unreachableRoutes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static RunRecord.AlertOutcome outcome(Alert a, List<String> channels, boolean delivered) {
        return new RunRecord.AlertOutcome(a.target(), a.transition().id(), a.severity().name(), channels, delivered);
    }

    private void saveRun(RunRecord run) {
        List<Map<String, String>> problems = run.results().stream().filter(r -> !r.status().equals("ok")).limit(200)
                .map(r -> Map.of("target", r.target(), "status", r.status(), "message", r.message() == null ? "" : r.message()))
                .toList();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job", run.job());
        summary.put("runId", run.runId());
        summary.put("startedAt", run.startedAt().toString());
        summary.put("finishedAt", run.finishedAt().toString());
        summary.put("status", run.status());
        summary.put("targets", run.results().size());
        summary.put("problems", problems);
        summary.put("alerts", run.alerts().size());
        try {
            context.state().put(StateItem.of(Keys.runs(run.job()), Keys.time(run.startedAt()) + "#" + run.runId(), Json.write(summary))
                    .expiringAt(run.finishedAt().plus(KEEP_RUNS)), Expect.ANYTHING);
        } catch (RuntimeException e) {
            log.warn("could not save the run record of {} {}: {}", run.job(), run.runId(), e.getMessage());
        }
    }
}

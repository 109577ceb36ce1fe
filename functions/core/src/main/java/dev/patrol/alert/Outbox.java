package dev.patrol.alert;

import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.CrashPoint;
import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.Leases;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts are written to state before anyone is told, one entry per alert and
 * channel, in the same write as the transition that caused them. Delivery then
 * works through what is pending, oldest first; an entry stays pending until its
 * channel accepted it, so an alert that could not be sent goes out on the next run
 * and is never lost.
 *
 * <p>Each entry is claimed before it is sent (a conditional write naming the
 * sending run) and swapped for a "delivered" marker after, in one conditional
 * write, so two runs never both send it. A run killed between the claim and the
 * mark leaves its claim behind; the claim dies with that run's lease (at once when
 * the next run takes the lease over, at most {@link dev.patrol.state.Leases#TTL}
 * later otherwise), and the next run sends the entry again through
 * {@link Notifier#redeliver}: the file channel looks whether the line is already
 * there on every send, first or not, so it holds each id once even when the claim
 * itself was lost (exactly once); Slack and SNS cannot be asked, so they are sent
 * again (at least once: a duplicate only if the kill fell between the channel
 * accepting and the mark).
 */
public final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration KEEP_DELIVERED = Duration.ofDays(30);
    /** Writes in one all-or-nothing batch: DynamoDB's transaction limit. */
    private static final int MAX_WRITES = 100;
    /** How long delivery waits for its marks to be written: ~0.1 s for 120 writes; far longer is a wedged store. */
    private static final Duration MARKS_WAIT = Duration.ofSeconds(30);

    private final StateStore store;
    private final Clock clock;

    public Outbox(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** How long a sender may hold an entry before another run may take it over (a sender that crashed). */
    private static final Duration CLAIM = Duration.ofMinutes(5);

    /** One pending entry; {@code claimedUntil} and {@code claimedBy} (a run id) are set while one run is sending it. */
    public record Entry(Alert alert, String channel, int attempts, String lastError, Instant claimedUntil, String claimedBy) {
        Entry withClaim(Instant until, String by) {
            return new Entry(alert, channel, attempts, lastError, until, by);
        }

        /** A claim left behind: someone started sending this entry and never said how it went. */
        boolean claimed() {
            return claimedUntil != null;
        }
    }

    /** The writes that enqueue {@code alert} on each channel; the caller adds them to its transaction. */
    public List<StateItem> entries(Alert alert, List<String> channels) {
        return entries(alert, channels, null);
    }

    /**
     * As {@link #entries(Alert, List)}, claimed from the start by the run {@code runId} that will deliver them (null: by
     * none): the claim is then in the same all-or-nothing write as the entry, and that run's delivery writes no claim
     * of its own. Like any claim it holds while that run holds its lease, and dies with it.
     */
    public List<StateItem> entries(Alert alert, List<String> channels, String runId) {
        Instant until = runId == null ? null : clock.instant().plus(CLAIM);
        List<StateItem> out = new ArrayList<>();
        for (String channel : channels) {
            out.add(StateItem.of(Keys.outbox(alert.job()), pendingKey(alert, channel), Json.write(new Entry(alert, channel, 0, null, until, runId))));
        }
        return out;
    }

    private static String pendingKey(Alert alert, String channel) {
        return "pending#" + Keys.time(alert.time()) + "#" + alert.id() + "#" + channel;
    }

    /**
     * Delivers every pending alert of {@code job} through {@code notifiers}; returns one
     * outcome per alert (delivered when every channel took it).
     */
    public List<Delivery> deliver(String job, Map<String, Notifier> notifiers) {
        return deliver(job, notifiers, null);
    }

    /**
     * As {@link #deliver(String, Map)}, claiming entries for the run {@code runId}: its claims
     * hold while it holds a lease of the job, and die with it (null: they hold for their time).
     */
    public List<Delivery> deliver(String job, Map<String, Notifier> notifiers, String runId) {
        return deliver(job, notifiers, runId, Integer.MAX_VALUE);
    }

    /**
     * As {@link #deliver(String, Map, String)}; on a channel that {@link Notifier#groups() groups}, more than
     * {@code groupAbove} alerts of one transition raised by one run go as one message listing them. Each entry is
     * still claimed and marked on its own, so a grouped message is as never-lost as a single one.
     */
    public List<Delivery> deliver(String job, Map<String, Notifier> notifiers, String runId, int groupAbove) {
        Map<String, Delivery> byAlert = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        List<StateItem> pending = store.query(Keys.outbox(job), "pending#");
        Set<String> liveRuns = pending.isEmpty() ? Set.of() : new HashSet<>(new Leases(store, clock).liveOwners(job));
        List<Held> held = claim(pending, runId, liveRuns);
        long t1 = System.nanoTime();
        long[] sent = new long[1];
        Map<String, List<Held>> groups = new LinkedHashMap<>();
        List<Held> single = new ArrayList<>();
        for (Held h : held) {
            Notifier n = notifiers.get(h.entry().channel());
            if (n != null && n.groups()) {
                groups.computeIfAbsent(h.entry().channel() + "#" + h.entry().alert().transition() + "#" + h.entry().alert().time(),
                        k -> new ArrayList<>()).add(h);
            } else {
                single.add(h);
            }
        }
        try (Marks marks = new Marks()) {
            for (List<Held> g : groups.values()) {
                if (g.size() > groupAbove) {
                    deliverGroup(g, notifiers, marks, byAlert);
                } else {
                    single.addAll(g);
                }
            }
            single.sort(java.util.Comparator.comparing(h -> h.item().sk()));
            // A file first, all its lines at once; then each of the rest on its own, oldest first.
            Map<String, List<Held>> together = new LinkedHashMap<>();
            List<Held> alone = new ArrayList<>();
            for (Held h : single) {
                Notifier n = notifiers.get(h.entry().channel());
                if (n != null && n.takesAll()) together.computeIfAbsent(h.entry().channel(), k -> new ArrayList<>()).add(h);
                else alone.add(h);
            }
            for (List<Held> all : together.values()) deliverAll(all, notifiers.get(all.getFirst().entry().channel()), marks, byAlert);
            for (Held h : alone) deliverOne(h, notifiers.get(h.entry().channel()), marks, byAlert);
            sent[0] = System.nanoTime();
        }
        // For the debug timeline of a run (docs/benchmarks.md): where delivery's time goes.
        if (log.isDebugEnabled()) {
            log.debug("delivery of {} entries: read and claimed in {} ms, sent in {} ms, marks written {} ms after", held.size(),
                    (t1 - t0) / 1_000_000, (sent[0] - t1) / 1_000_000, (System.nanoTime() - sent[0]) / 1_000_000);
        }
        return List.copyOf(byAlert.values());
    }

    /** An entry this run claimed: the item as stored with the claim, and the entry as it was before it. */
    private record Held(StateItem item, Entry entry) {
        boolean again() {
            return entry.claimed() || entry.attempts() > 0;
        }
    }

    /**
     * Claims, before anything is sent, every entry no live run holds: two runs of one job (fan-out batches) must not
     * both send one. As few writes as the store takes (all or nothing, {@value #MAX_WRITES} at a time); a batch another
     * run got to first is claimed entry by entry, leaving out what it took.
     */
    private List<Held> claim(List<StateItem> pending, String runId, Set<String> liveRuns) {
        Instant now = clock.instant();
        List<Held> wanted = new ArrayList<>();
        List<Held> held = new ArrayList<>();
        for (StateItem found : pending) {
            Entry entry = Json.read(found.data(), Entry.class);
            if (runId != null && runId.equals(entry.claimedBy()) && entry.claimedUntil().isAfter(now.plus(CLAIM.dividedBy(2)))) {
                held.add(new Held(found, entry.withClaim(null, null))); // claimed when this run wrote it: its own first send
                continue;
            }
            if (entry.claimed() && entry.claimedUntil().isAfter(now) && isLive(entry.claimedBy(), liveRuns, runId)) {
                continue; // another run is sending it
            }
            wanted.add(new Held(found.withData(Json.write(entry.withClaim(now.plus(CLAIM), runId))), entry));
        }
        for (int from = 0; from < wanted.size(); from += MAX_WRITES) {
            List<Held> chunk = wanted.subList(from, Math.min(wanted.size(), from + MAX_WRITES));
            try {
                store.putAll(chunk.stream().map(h -> StateStore.Write.put(h.item(), Expect.version(h.item().version()))).toList());
                chunk.forEach(h -> held.add(new Held(h.item().withVersion(h.item().version() + 1), h.entry())));
            } catch (ConditionFailedException raced) {
                for (Held h : chunk) {
                    try {
                        held.add(new Held(store.put(h.item(), Expect.version(h.item().version())), h.entry()));
                    } catch (ConditionFailedException e) {
                        // another run took it
                    }
                }
            }
        }
        held.sort(java.util.Comparator.comparing(h -> h.item().sk())); // oldest first, as pending was read
        return held;
    }

    private void deliverOne(Held h, Notifier notifier, Marks marks, Map<String, Delivery> byAlert) {
        Entry entry = h.entry();
        CrashPoint.reach("claimed:" + entry.channel());
        String error = null;
        if (notifier == null) {
            error = "channel " + entry.channel() + " is no longer configured; the alert stays pending until it is";
        } else {
            error = send(notifier, entry.alert(), h.again());
        }
        if (error == null) {
            CrashPoint.reach("deliver:" + entry.channel());
        } else {
            log.warn("alert {} {} for {} not delivered via {}: {} (will retry next run)", entry.alert().transition().word(),
                    entry.alert().job(), entry.alert().target(), entry.channel(), error);
        }
        marks.add(h, error);
        note(byAlert, entry, error == null, error);
    }

    /**
     * The claimed entries of one channel that takes many alerts as one write (a file): one send, oldest first, then each
     * marked (or kept pending) on its own. The channel skips what it already holds, so a send that is a repeat is harmless.
     */
    private void deliverAll(List<Held> held, Notifier notifier, Marks marks, Map<String, Delivery> byAlert) {
        String channel = held.getFirst().entry().channel();
        CrashPoint.reach("claimed:" + channel);
        String error = attempt(() -> notifier.deliverAll(held.stream().map(h -> h.entry().alert()).toList()));
        if (error == null) {
            CrashPoint.reach("deliver:" + channel);
        } else {
            log.warn("{} alert(s) of {} not delivered via {}: {} (will retry next run)", held.size(), held.getFirst().entry().alert().job(),
                    channel, error);
        }
        for (Held h : held) {
            marks.add(h, error);
            note(byAlert, h.entry(), error == null, error);
        }
    }

    /** Sends once; the error a person can act on, or null when the channel took it. */
    private static String send(Notifier notifier, Alert alert, boolean again) {
        return attempt(() -> {
            if (again) notifier.redeliver(alert);
            else notifier.deliver(alert);
        });
    }

    private interface Send {
        void run() throws DeliveryException;
    }

    private static String attempt(Send send) {
        try {
            send.run();
            return null;
        } catch (DeliveryException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return dev.patrol.text.ProblemWords.describe(e);
        }
    }

    private static void note(Map<String, Delivery> byAlert, Entry entry, boolean ok, String error) {
        Delivery previous = byAlert.get(entry.alert().id());
        List<String> channels = new ArrayList<>(previous == null ? List.of() : previous.channels());
        channels.add(entry.channel());
        boolean delivered = ok && (previous == null || previous.delivered());
        List<String> errors = new ArrayList<>(previous == null ? List.of() : previous.errors());
        if (error != null) errors.add(entry.channel() + ": " + error);
        byAlert.put(entry.alert().id(), new Delivery(entry.alert(), channels, delivered, entry.attempts() > 0 || (previous != null && previous.retried()), errors));
    }

    /** Sends one message for the claimed entries of one group, and marks each (or keeps each pending). */
    private void deliverGroup(List<Held> group, Map<String, Notifier> notifiers, Marks marks, Map<String, Delivery> byAlert) {
        String channel = group.getFirst().entry().channel();
        CrashPoint.reach("claimed:" + channel);
        Alert combined = AlertGroup.of(group.stream().map(h -> h.entry().alert()).toList());
        String error = send(notifiers.get(channel), combined, group.stream().anyMatch(Held::again));
        if (error != null) {
            log.warn("{} alerts {} for {} not delivered via {}: {} (will retry next run)", group.size(), combined.transition().word(),
                    combined.job(), channel, error);
        } else {
            CrashPoint.reach("deliver:" + channel);
        }
        for (Held h : group) {
            marks.add(h, error);
            note(byAlert, h.entry(), error == null, error);
        }
    }

    /** A claim is honoured while the run that made it holds its lease (old claims name no run: their time decides). */
    private static boolean isLive(String claimedBy, Set<String> liveRuns, String me) {
        return claimedBy == null || (!claimedBy.equals(me) && liveRuns.contains(claimedBy));
    }

    /**
     * What delivery learned, written behind the sends: each sent entry swapped for its "delivered" marker, each failed
     * one back to pending with its error. A writer takes whatever has queued up since its last write, as one
     * all-or-nothing write, so the sends never wait for the store, and what a kill can leave unmarked (sent again by
     * the next run, see above) is only what was sent during the one write in flight. {@link #close} waits for all of it.
     */
    private final class Marks implements AutoCloseable {
        private final java.util.ArrayDeque<List<StateStore.Write>> queue = new java.util.ArrayDeque<>();
        private boolean closed;
        private RuntimeException failure;
        // A platform thread: a virtual one that the JVM, out of memory, never got to run left close() joining it for
        // good (the run hung instead of saying it ran out of memory), and its SQLite writes hold a carrier anyway.
        private final Thread writer = Thread.ofPlatform().daemon().name("outbox-marks").start(this::write);

        synchronized void add(Held h, String error) {
            Instant now = clock.instant();
            Entry entry = h.entry();
            StateItem item = h.item();
            if (error == null) {
                StateItem marker = new StateItem(item.pk(), "delivered#" + entry.alert().id() + "#" + entry.channel(), 0,
                        Json.write(Map.of("deliveredAt", now.toString(), "attempts", entry.attempts() + 1)), now.plus(KEEP_DELIVERED));
                queue.add(List.of(StateStore.Write.delete(item.pk(), item.sk(), Expect.version(item.version())),
                        StateStore.Write.put(marker, Expect.ANYTHING)));
            } else {
                queue.add(List.of(StateStore.Write.put(item.withData(Json.write(
                        new Entry(entry.alert(), entry.channel(), entry.attempts() + 1, error, null, null))), Expect.version(item.version()))));
            }
            notifyAll();
        }

        private void write() {
            while (true) {
                List<List<StateStore.Write>> batch = new ArrayList<>();
                synchronized (this) {
                    while (queue.isEmpty() && !closed) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            closed = true;
                        }
                    }
                    if (queue.isEmpty()) return;
                    int writes = 0;
                    while (!queue.isEmpty() && writes + queue.peek().size() <= MAX_WRITES) {
                        writes += queue.peek().size();
                        batch.add(queue.poll());
                    }
                }
                try {
                    store.putAll(batch.stream().flatMap(List::stream).toList());
                } catch (ConditionFailedException e) {
                    // Only an entry whose claim ran out and was taken over can fail; the others are written one by one.
                    for (List<StateStore.Write> one : batch) {
                        try {
                            store.putAll(one);
                        } catch (ConditionFailedException lost) {
                            log.warn("outbox entry {} was taken over by another run while this one sent it", one.getFirst().item().sk());
                        } catch (RuntimeException other) {
                            fail(other);
                        }
                    }
                } catch (RuntimeException e) {
                    fail(e);
                }
            }
        }

        private synchronized void fail(RuntimeException e) {
            if (failure == null) failure = e;
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            try {
                // Bounded: a writer wedged in the store must not keep the run (and its lease) alive. What it did not
                // mark stays claimed by this run, and the next run sends it again, as after a kill.
                if (!writer.join(MARKS_WAIT)) {
                    fail(new IllegalStateException("the state store did not record the deliveries within " + MARKS_WAIT.toSeconds()
                            + " s; the next run sends those alerts again"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                if (failure != null) throw failure;
            }
        }
    }

    /** The outcome of delivering one alert on all its channels. */
    public record Delivery(Alert alert, List<String> channels, boolean delivered, boolean retried, List<String> errors) {}
}

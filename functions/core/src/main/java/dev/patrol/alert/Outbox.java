package dev.patrol.alert;

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
 * {@link Notifier#redeliver}: the file channel first looks whether the line is
 * already there (exactly once); Slack and SNS cannot be asked, so they are sent
 * again (at least once: a duplicate only if the kill fell between the channel
 * accepting and the mark).
 */
public final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration KEEP_DELIVERED = Duration.ofDays(30);

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
        List<StateItem> out = new ArrayList<>();
        for (String channel : channels) {
            out.add(StateItem.of(Keys.outbox(alert.job()), pendingKey(alert, channel), Json.write(new Entry(alert, channel, 0, null, null, null))));
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
        List<StateItem> pending = store.query(Keys.outbox(job), "pending#");
        Set<String> liveRuns = pending.isEmpty() ? Set.of() : new HashSet<>(new Leases(store, clock).liveOwners(job));
        Map<String, List<StateItem>> groups = new LinkedHashMap<>();
        List<StateItem> single = new ArrayList<>();
        for (StateItem found : pending) {
            Entry entry = Json.read(found.data(), Entry.class);
            Notifier n = notifiers.get(entry.channel());
            if (n != null && n.groups()) {
                groups.computeIfAbsent(entry.channel() + "#" + entry.alert().transition() + "#" + entry.alert().time(), k -> new ArrayList<>()).add(found);
            } else {
                single.add(found);
            }
        }
        for (List<StateItem> g : groups.values()) {
            if (g.size() > groupAbove) {
                deliverGroup(g, notifiers, runId, liveRuns, byAlert);
            } else {
                single.addAll(g);
            }
        }
        single.sort(java.util.Comparator.comparing(StateItem::sk));
        for (StateItem found : single) {
            Entry entry = Json.read(found.data(), Entry.class);
            Instant now = clock.instant();
            if (entry.claimed() && entry.claimedUntil().isAfter(now) && isLive(entry.claimedBy(), liveRuns, runId)) {
                continue; // another run is sending it
            }
            StateItem item;
            try {
                // Claim before sending: two runs of one job (fan-out batches) must not both send it.
                item = store.put(found.withData(Json.write(entry.withClaim(now.plus(CLAIM), runId))), Expect.version(found.version()));
            } catch (dev.patrol.state.ConditionFailedException e) {
                continue;
            }
            CrashPoint.reach("claimed:" + entry.channel());
            Notifier notifier = notifiers.get(entry.channel());
            boolean ok;
            String error = null;
            if (notifier == null) {
                ok = false;
                error = "channel " + entry.channel() + " is no longer configured; the alert stays pending until it is";
            } else {
                try {
                    if (entry.claimed() || entry.attempts() > 0) notifier.redeliver(entry.alert());
                    else notifier.deliver(entry.alert());
                    ok = true;
                } catch (DeliveryException e) {
                    ok = false;
                    error = e.getMessage();
                } catch (RuntimeException e) {
                    ok = false;
                    error = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }
            if (ok) {
                CrashPoint.reach("deliver:" + entry.channel());
                markDelivered(item, entry);
            } else {
                log.warn("alert {} {} for {} not delivered via {}: {} (will retry next run)", entry.alert().transition().word(),
                        entry.alert().job(), entry.alert().target(), entry.channel(), error);
                store.put(item.withData(Json.write(new Entry(entry.alert(), entry.channel(), entry.attempts() + 1, error, null, null))),
                        Expect.version(item.version()));
            }
            note(byAlert, entry, ok, error);
        }
        return List.copyOf(byAlert.values());
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

    /** Claims every entry of one group, sends one message for those it holds, and marks each (or keeps each pending). */
    private void deliverGroup(List<StateItem> group, Map<String, Notifier> notifiers, String runId, Set<String> liveRuns,
                              Map<String, Delivery> byAlert) {
        Instant now = clock.instant();
        List<StateItem> held = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        boolean again = false;
        for (StateItem found : group) {
            Entry entry = Json.read(found.data(), Entry.class);
            if (entry.claimed() && entry.claimedUntil().isAfter(now) && isLive(entry.claimedBy(), liveRuns, runId)) continue;
            try {
                held.add(store.put(found.withData(Json.write(entry.withClaim(now.plus(CLAIM), runId))), Expect.version(found.version())));
                entries.add(entry);
                again |= entry.claimed() || entry.attempts() > 0;
            } catch (dev.patrol.state.ConditionFailedException e) {
                // another run took it
            }
        }
        if (entries.isEmpty()) return;
        CrashPoint.reach("claimed:" + entries.getFirst().channel());
        Notifier notifier = notifiers.get(entries.getFirst().channel());
        Alert combined = AlertGroup.of(entries.stream().map(Entry::alert).toList());
        String error = null;
        try {
            if (again) notifier.redeliver(combined);
            else notifier.deliver(combined);
        } catch (DeliveryException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (error != null) {
            log.warn("{} alerts {} for {} not delivered via {}: {} (will retry next run)", entries.size(), combined.transition().word(),
                    combined.job(), entries.getFirst().channel(), error);
        }
        if (error == null) CrashPoint.reach("deliver:" + entries.getFirst().channel());
        for (int i = 0; i < held.size(); i++) {
            Entry entry = entries.get(i);
            if (error == null) {
                markDelivered(held.get(i), entry);
            } else {
                store.put(held.get(i).withData(Json.write(new Entry(entry.alert(), entry.channel(), entry.attempts() + 1, error, null, null))),
                        Expect.version(held.get(i).version()));
            }
            note(byAlert, entry, error == null, error);
        }
    }

    /** A claim is honoured while the run that made it holds its lease (old claims name no run: their time decides). */
    private static boolean isLive(String claimedBy, Set<String> liveRuns, String me) {
        return claimedBy == null || (!claimedBy.equals(me) && liveRuns.contains(claimedBy));
    }

    private void markDelivered(StateItem pending, Entry entry) {
        Instant now = clock.instant();
        StateItem marker = new StateItem(pending.pk(), "delivered#" + entry.alert().id() + "#" + entry.channel(), 0,
                Json.write(Map.of("deliveredAt", now.toString(), "attempts", entry.attempts() + 1)), now.plus(KEEP_DELIVERED));
        store.putAll(List.of(
                dev.patrol.state.StateStore.Write.delete(pending.pk(), pending.sk(), Expect.version(pending.version())),
                dev.patrol.state.StateStore.Write.put(marker, Expect.ANYTHING)));
    }

    /** The outcome of delivering one alert on all its channels. */
    public record Delivery(Alert alert, List<String> channels, boolean delivered, boolean retried, List<String> errors) {}
}

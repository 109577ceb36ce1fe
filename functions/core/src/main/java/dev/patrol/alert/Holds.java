package dev.patrol.alert;

import dev.patrol.config.AlertsConfig;
import dev.patrol.config.MaintenanceWindow;
import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What keeps a job's DOWN, NEW, ESCALATED and STABLE alerts back in one run: mutes and open
 * maintenance windows. A held alert is written to state (not the outbox) in the
 * same transaction as the transition; the first run after its hold ends moves it to
 * the outbox, once, if nothing undid it meanwhile. A recovery (UP, RESOLVED) while
 * the alert is held cancels both: nobody was told, so nobody needs the all-clear.
 * Reminders are dropped while held; a recovery of an alert already sent goes out.
 */
public final class Holds {
    /** Why a target's alerts are held, and until when. */
    public record Hold(String kind, Instant until, String reason) {
        public static final String MUTE = "mute";
        public static final String MAINTENANCE = "maintenance";

        String describe() {
            return (kind.equals(MUTE) ? "muted" : "in maintenance") + " until " + until + (reason == null ? "" : " (" + reason + ")");
        }
    }

    /** What to do with one target's alerts: enqueue these, write these. */
    public record Decision(List<Alert> send, List<StateStore.Write> writes) {}

    private final String job;
    private final Map<String, Mutes.Mute> mutes;
    private final List<MaintenanceWindow> windows;
    private final Map<String, List<StateItem>> heldByTarget;
    private final Instant now;

    private Holds(String job, Map<String, Mutes.Mute> mutes, List<MaintenanceWindow> windows, Map<String, List<StateItem>> held, Instant now) {
        this.job = job;
        this.mutes = mutes;
        this.windows = windows;
        this.heldByTarget = held;
        this.now = now;
    }

    public static Holds load(StateStore store, AlertsConfig alerts, String job, java.time.Clock clock) {
        Map<String, Mutes.Mute> mutes = new HashMap<>();
        new Mutes(store, clock).active().forEach(m -> mutes.put(m.target(), m));
        Map<String, List<StateItem>> held = new HashMap<>();
        for (StateItem i : store.query(Keys.held(job), "")) {
            held.computeIfAbsent(Json.read(i.data(), Alert.class).target(), k -> new ArrayList<>()).add(i);
        }
        return new Holds(job, mutes, alerts.maintenance(), held, clock.instant());
    }

    /**
     * The deletes that drop what a hold keeps back of one secret finding of {@code repo} (its NEW, ESCALATED): an ignored
     * finding says nothing more, and ignoring makes no transition that would cancel them when the hold ends.
     */
    public static List<StateStore.Write> forgetFinding(StateStore store, String repo, String fingerprint) {
        List<StateStore.Write> out = new ArrayList<>();
        for (StateItem i : store.query(Keys.held("secrets"), "")) {
            Alert a = Json.read(i.data(), Alert.class);
            if (a.target().equals(repo) && fingerprint.equals(a.facts().get("fingerprint"))) {
                out.add(StateStore.Write.delete(i.pk(), i.sk(), Expect.version(i.version())));
            }
        }
        return out;
    }

    /** The hold on {@code target} now; a mute wins over a window (it names a reason). */
    public Optional<Hold> of(String target) {
        Mutes.Mute m = muteOf(target);
        if (m != null) return Optional.of(new Hold(Hold.MUTE, m.until(), m.reason()));
        Instant latest = null;
        String name = null;
        for (MaintenanceWindow w : windows) {
            if (!w.covers(job, target)) continue;
            Instant until = w.openUntil(now);
            if (until != null && (latest == null || until.isAfter(latest))) {
                latest = until;
                name = w.name();
            }
        }
        return latest == null ? Optional.empty() : Optional.of(new Hold(Hold.MAINTENANCE, latest, name));
    }

    /**
     * The mute of {@code target}, or of the organisation entry it was listed from: {@code patrol mute acme} holds
     * acme/api and every other repository of acme (those listed later too), as the name it accepted says.
     */
    private Mutes.Mute muteOf(String target) {
        for (String name = target; ; name = name.substring(0, name.lastIndexOf('/'))) {
            Mutes.Mute m = mutes.get(name);
            if (m != null || name.lastIndexOf('/') <= 0) return m;
        }
    }

    public Decision decide(String target, List<Alert> alerts) {
        Optional<Hold> hold = of(target);
        Map<String, StateItem> held = new LinkedHashMap<>();
        heldByTarget.getOrDefault(target, List.of()).forEach(i -> held.put(Json.read(i.data(), Alert.class).id(), i));
        List<Alert> send = new ArrayList<>();
        List<StateStore.Write> writes = new ArrayList<>();
        for (Alert a : alerts) {
            if (cancelsHeld(a, held, writes)) continue;
            if (hold.isEmpty()) {
                send.add(a);
            } else if (a.transition() == Transition.DOWN || a.transition() == Transition.NEW || a.transition() == Transition.ESCALATION
                    || a.transition() == Transition.STABLE) {
                // A STABLE is kept too: it is the only word on where a flapping target settled (its DOWNs were quiet), so a
                // target muted while flapping that settles DOWN says so when the mute ends.
                Alert kept = withFact(a, "held", hold.get().describe());
                writes.add(StateStore.Write.put(StateItem.of(Keys.held(job), a.id(), Json.write(kept)), Expect.ABSENT));
            } else if (a.transition() != Transition.REMINDER && a.transition() != Transition.FLAPPING) {
                // A held target is quiet: its reminders and flapping notices are not saved for later either.
                send.add(a);
            }
        }
        if (hold.isEmpty()) {
            // The hold is over and these were not undone: they go out now, once (the delete and the enqueue share a transaction).
            for (StateItem i : held.values()) {
                send.add(Json.read(i.data(), Alert.class));
                writes.add(StateStore.Write.delete(i.pk(), i.sk(), Expect.version(i.version())));
            }
        }
        return new Decision(send, writes);
    }

    /** A recovery of something still held: drop the held alerts it undoes, and itself. */
    private static boolean cancelsHeld(Alert a, Map<String, StateItem> held, List<StateStore.Write> writes) {
        if (a.transition() != Transition.UP && a.transition() != Transition.RESOLVED) return false;
        boolean cancelled = false;
        for (var it = held.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Alert h = Json.read(e.getValue().data(), Alert.class);
            boolean undone = a.transition() == Transition.UP
                    ? h.transition() == Transition.DOWN || h.transition() == Transition.ESCALATION || settledDown(h)
                    : h.transition() == Transition.NEW && subject(h).equals(subject(a));
            if (undone) {
                writes.add(StateStore.Write.delete(e.getValue().pk(), e.getValue().sk(), Expect.version(e.getValue().version())));
                it.remove();
                cancelled = true;
            }
        }
        return cancelled;
    }

    /** A STABLE that settled DOWN: a recovery undoes it as it undoes a DOWN. */
    private static boolean settledDown(Alert a) {
        return a.transition() == Transition.STABLE && "DOWN".equals(a.facts().get("settled"));
    }

    /** What an alert is about beyond its target: a secret finding's alerts share their id but for the transition. */
    private static String subject(Alert a) {
        return a.id().replace(":" + a.transition().id() + ":", ":");
    }

    private static Alert withFact(Alert a, String key, String value) {
        Map<String, String> facts = new LinkedHashMap<>(a.facts());
        facts.put(key, value);
        return new Alert(a.id(), a.job(), a.target(), a.kind(), a.transition(), a.severity(), a.time(), a.title(), a.text(), facts, a.link());
    }
}

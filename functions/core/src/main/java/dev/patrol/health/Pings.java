package dev.patrol.health;

import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Heartbeat pings in state. Each ping is kept for 30 days (for reports); the latest
 * of each kind is also kept in a small item so a check reads three items, not a
 * month of pings.
 */
public final class Pings {
    private static final Duration KEEP = Duration.ofDays(30);

    public enum Kind {
        OK, START, FAIL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The latest ping of each kind; null where there was none. */
    public record Latest(Instant ok, Instant start, Instant fail, Instant registered) {
        Instant newest() {
            Instant n = null;
            for (Instant i : new Instant[] {ok, start, fail}) {
                if (i != null && (n == null || i.isAfter(n))) n = i;
            }
            return n;
        }
    }

    private final StateStore store;

    public Pings(StateStore store) {
        this.store = store;
    }

    public void record(String heartbeat, Kind kind, Instant at) {
        String pk = Keys.heartbeat(heartbeat);
        String data = Json.write(Map.of("at", at.toString(), "kind", kind.id()));
        store.putAll(java.util.List.of(
                StateStore.Write.put(StateItem.of(pk, "ping#" + Keys.time(at) + "#" + kind.id(), data).expiringAt(at.plus(KEEP)), Expect.ANYTHING),
                StateStore.Write.put(StateItem.of(pk, "last#" + kind.id(), data), Expect.ANYTHING)));
    }

    public Latest latest(String heartbeat) {
        String pk = Keys.heartbeat(heartbeat);
        Instant ok = null, start = null, fail = null, registered = null;
        for (StateItem i : store.query(pk, "")) {
            if (i.sk().startsWith("ping#")) continue;
            Instant at = Instant.parse(Json.MAPPER.readTree(i.data()).path("at").asString());
            switch (i.sk()) {
                case "last#ok" -> ok = at;
                case "last#start" -> start = at;
                case "last#fail" -> fail = at;
                case "registered" -> registered = at;
                default -> { }
            }
        }
        return new Latest(ok, start, fail, registered);
    }

    /** When Patrol first watched this heartbeat: runs expected before then are not counted as missed. */
    public Instant register(String heartbeat, Instant now) {
        Optional<StateItem> existing = store.get(Keys.heartbeat(heartbeat), "registered");
        if (existing.isPresent()) return Instant.parse(Json.MAPPER.readTree(existing.get().data()).path("at").asString());
        try {
            store.put(StateItem.of(Keys.heartbeat(heartbeat), "registered", Json.write(Map.of("at", now.toString()))), Expect.ABSENT);
        } catch (dev.patrol.state.ConditionFailedException e) {
            return register(heartbeat, now);
        }
        return now;
    }
}

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

    /** A job's own words travel with its ping, as in Healthchecks.io, up to this many bytes (UTF-8). */
    public static final int MESSAGE_CAP = 10 * 1024;

    /**
     * The latest ping of each kind; null where there was none. {@code message} and {@code exitCode} are those
     * of the newest success or failure; {@code runTime} is how long the last successful run took, from its
     * start ping (null without one).
     */
    public record Latest(Instant ok, Instant start, Instant fail, Instant registered,
                         String message, Integer exitCode, Duration runTime) {
        public Latest(Instant ok, Instant start, Instant fail, Instant registered) {
            this(ok, start, fail, registered, null, null, null);
        }

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
        record(heartbeat, kind, at, null, null);
    }

    /**
     * Records a ping with an optional exit code and message (cut to {@link #MESSAGE_CAP}). A success
     * after a start ping also records how long the run took.
     */
    public void record(String heartbeat, Kind kind, Instant at, Integer exitCode, String message) {
        String pk = Keys.heartbeat(heartbeat);
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("at", at.toString());
        fields.put("kind", kind.id());
        if (exitCode != null) fields.put("exitCode", exitCode);
        if (message != null && !message.isEmpty()) fields.put("message", capped(message));
        if (kind == Kind.OK) runTime(pk, at).ifPresent(d -> fields.put("runTimeMs", d.toMillis()));
        String data = Json.write(fields);
        store.putAll(java.util.List.of(
                StateStore.Write.put(StateItem.of(pk, "ping#" + Keys.time(at) + "#" + kind.id(), data).expiringAt(at.plus(KEEP)), Expect.ANYTHING),
                StateStore.Write.put(StateItem.of(pk, "last#" + kind.id(), data), Expect.ANYTHING)));
    }

    /** A run's time counts from the newest start ping that came after the previous success. */
    private Optional<Duration> runTime(String pk, Instant at) {
        Optional<Instant> start = lastAt(pk, "last#start");
        if (start.isEmpty() || start.get().isAfter(at)) return Optional.empty();
        Optional<Instant> ok = lastAt(pk, "last#ok");
        if (ok.isPresent() && !ok.get().isBefore(start.get())) return Optional.empty();
        return Optional.of(Duration.between(start.get(), at));
    }

    private Optional<Instant> lastAt(String pk, String sk) {
        return store.get(pk, sk).map(i -> Instant.parse(Json.MAPPER.readTree(i.data()).path("at").asString()));
    }

    static String capped(String message) {
        byte[] bytes = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= MESSAGE_CAP) return message;
        // Decoding a cut-off multi-byte character yields U+FFFD; drop it rather than keep half a character.
        String cut = new String(bytes, 0, MESSAGE_CAP, java.nio.charset.StandardCharsets.UTF_8);
        return cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut;
    }

    public Latest latest(String heartbeat) {
        String pk = Keys.heartbeat(heartbeat);
        Instant ok = null, start = null, fail = null, registered = null;
        tools.jackson.databind.JsonNode okData = null, failData = null;
        for (StateItem i : store.query(pk, "")) {
            if (i.sk().startsWith("ping#")) continue;
            tools.jackson.databind.JsonNode data = Json.MAPPER.readTree(i.data());
            Instant at = Instant.parse(data.path("at").asString());
            switch (i.sk()) {
                case "last#ok" -> { ok = at; okData = data; }
                case "last#start" -> start = at;
                case "last#fail" -> { fail = at; failData = data; }
                case "registered" -> registered = at;
                default -> { }
            }
        }
        tools.jackson.databind.JsonNode newest = fail != null && (ok == null || fail.isAfter(ok)) ? failData : okData;
        String message = newest == null || !newest.has("message") ? null : newest.path("message").asString();
        Integer exitCode = newest == null || !newest.has("exitCode") ? null : newest.path("exitCode").asInt();
        Duration runTime = okData == null || !okData.has("runTimeMs") ? null : Duration.ofMillis(okData.path("runTimeMs").asLong());
        return new Latest(ok, start, fail, registered, message, exitCode, runTime);
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

package dev.patrol.report;

import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import dev.patrol.state.TargetState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * What the other jobs left in state, read the way reports need it: current target states,
 * daily tallies (with today's, still in the target's state), transitions and run records.
 */
public final class StateHistory {
    /** Checks and failures of one target on one day. */
    public record Tally(long checks, long failures) {
        public Double uptime() {
            return checks == 0 ? null : 1.0 - (double) failures / checks;
        }

        Tally plus(Tally o) {
            return new Tally(checks + o.checks, failures + o.failures);
        }
    }

    /** One transition: when, which target, which way, and what the check said. */
    public record Change(Instant at, String target, String kind, String transition, String message) {}

    /** One run record: the job, when, its status and the targets Patrol itself could not check (status error). */
    public record Run(String job, Instant startedAt, String status, List<String> errors) {}

    private final StateStore state;
    private final Map<String, Map<String, TargetState>> current = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<Change>> changes = new java.util.concurrent.ConcurrentHashMap<>();

    public StateHistory(StateStore state) {
        this.state = state;
    }

    /** The current state of every target of {@code job}, by name. */
    public Map<String, TargetState> targets(String job) {
        return current.computeIfAbsent(job, j -> {
            Map<String, TargetState> out = new HashMap<>();
            for (StateItem i : state.query(Keys.targets(j), "")) out.put(i.sk(), Json.read(i.data(), TargetState.class));
            return out;
        });
    }

    /** Daily tallies of one target from {@code from} (inclusive), today's included, by day. */
    public TreeMap<LocalDate, Tally> days(String job, String target, LocalDate from) {
        TreeMap<LocalDate, Tally> out = new TreeMap<>();
        // A report reads 90 of these per target, for every target: the day is compared as text
        // (ISO dates sort as they read) and the two counts are streamed, not built into a tree.
        String first = from.toString();
        for (StateItem i : state.query(Keys.history(job, target), "")) {
            if (i.sk().compareTo(first) < 0) continue;
            out.merge(day(i.sk()), tally(i.data()), Tally::plus);
        }
        TargetState now = targets(job).get(target);
        if (now != null && now.day() != null && !now.day().isBefore(from)) {
            out.merge(now.day(), new Tally(now.checksToday(), now.failuresToday()), Tally::plus);
        }
        return out;
    }

    /** yyyy-MM-dd without the formatter's general machinery (a tenth of the cost), anything else through it. */
    private static LocalDate day(String sk) {
        if (sk.length() == 10 && sk.charAt(4) == '-' && sk.charAt(7) == '-') {
            try {
                return LocalDate.of(Integer.parseInt(sk, 0, 4, 10), Integer.parseInt(sk, 5, 7, 10), Integer.parseInt(sk, 8, 10, 10));
            } catch (RuntimeException e) {
                // not a date after all: the formatter says so below
            }
        }
        return LocalDate.parse(sk);
    }

    private static Tally tally(String json) {
        long checks = 0, failures = 0;
        try (JsonParser p = Json.MAPPER.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return new Tally(0, 0);
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NUMBER_INT && name.equals("checks")) checks = p.getLongValue();
                else if (value == JsonToken.VALUE_NUMBER_INT && name.equals("failures")) failures = p.getLongValue();
                else p.skipChildren();
            }
        }
        return new Tally(checks, failures);
    }

    public static Tally sum(Map<LocalDate, Tally> days, LocalDate from, LocalDate to) {
        Tally t = new Tally(0, 0);
        for (var e : days.entrySet()) if (!e.getKey().isBefore(from) && !e.getKey().isAfter(to)) t = t.plus(e.getValue());
        return t;
    }

    /** Transitions of {@code job} from {@code since}, oldest first. */
    public List<Change> transitions(String job, Instant since) {
        List<Change> out = new ArrayList<>();
        for (Change c : changes.computeIfAbsent(job, this::readTransitions)) if (!c.at().isBefore(since)) out.add(c);
        return out;
    }

    /** Read once per run: the digest and each repository's incidents share them. */
    private List<Change> readTransitions(String job) {
        List<Change> out = new ArrayList<>();
        for (StateItem i : state.query(Keys.transitions(job), "")) {
            Instant at = Instant.parse(i.sk().substring(0, i.sk().indexOf('#')));
            JsonNode d = Json.MAPPER.readTree(i.data());
            out.add(new Change(at, d.path("target").asString(), d.path("kind").asString(), d.path("transition").asString(),
                    d.path("message").asString()));
        }
        return List.copyOf(out);
    }

    /** Run records of {@code job} from {@code since}, oldest first. */
    public List<Run> runs(String job, Instant since) {
        List<Run> out = new ArrayList<>();
        for (StateItem i : state.query(Keys.runs(job), "")) {
            JsonNode d = Json.MAPPER.readTree(i.data());
            Instant at = Instant.parse(d.path("startedAt").asString());
            if (at.isBefore(since)) continue;
            List<String> errors = new ArrayList<>();
            for (JsonNode p : d.path("problems")) {
                if (p.path("status").asString().equals("error")) errors.add(p.path("target").asString() + ": " + p.path("message").asString());
            }
            out.add(new Run(d.path("job").asString(), at, d.path("status").asString(), errors));
        }
        return out;
    }

    /** The JSON document a job keeps for itself under {@code pk}/{@code sk}, if any. */
    public java.util.Optional<JsonNode> document(String pk, String sk) {
        return state.get(pk, sk).map(i -> Json.MAPPER.readTree(i.data()));
    }
}

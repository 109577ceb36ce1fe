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
    private final Map<String, Map<String, Tallies>> tallies = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * Daily tallies of one target from {@code from} (inclusive), today's included, by day. Each target's tallies are
     * read once per run, however many repositories and the digest ask for them; the first call for a job reads those
     * of every target the job has in state, {@link #READERS} at a time (in DynamoDB each target is a partition of its
     * own, one Query each: a thousand of them one after the other is seconds of waiting).
     */
    public TreeMap<LocalDate, Tally> days(String job, String target, LocalDate from) {
        Map<String, Tallies> all = tallies.computeIfAbsent(job, j -> readTallies(j, from));
        Tallies stored = all.get(target);
        if (stored == null || stored.from().isAfter(from)) all.put(target, stored = readTallies(job, target, from));
        TreeMap<LocalDate, Tally> out = stored.from(from);
        TargetState now = targets(job).get(target);
        if (now != null && now.day() != null && !now.day().isBefore(from)) {
            out.merge(now.day(), new Tally(now.checksToday(), now.failuresToday()), Tally::plus);
        }
        return out;
    }

    /** How many tally partitions are read at once. */
    static final int READERS = 16;

    /**
     * One target's stored tallies from {@code from} on: what is kept for the run (the window, not all 400 days of history),
     * as three arrays by day rather than a map of objects: 20 bytes a day, so 1,000 targets over 90 days are 2 MB.
     */
    private record Tallies(LocalDate from, long[] epochDays, long[] checks, long[] failures) {
        static Tallies of(LocalDate from, TreeMap<LocalDate, Tally> days) {
            int n = days.size();
            long[] d = new long[n], c = new long[n], f = new long[n];
            int i = 0;
            for (var e : days.entrySet()) {
                d[i] = e.getKey().toEpochDay();
                c[i] = e.getValue().checks();
                f[i++] = e.getValue().failures();
            }
            return new Tallies(from, d, c, f);
        }

        TreeMap<LocalDate, Tally> from(LocalDate day) {
            TreeMap<LocalDate, Tally> out = new TreeMap<>();
            long first = day.toEpochDay();
            for (int i = 0; i < epochDays.length; i++) {
                if (epochDays[i] >= first) out.put(LocalDate.ofEpochDay(epochDays[i]), new Tally(checks[i], failures[i]));
            }
            return out;
        }
    }

    private Map<String, Tallies> readTallies(String job, LocalDate from) {
        List<String> names = List.copyOf(targets(job).keySet());
        Map<String, Tallies> out = new java.util.concurrent.ConcurrentHashMap<>();
        if (names.size() < 2) {
            for (String n : names) out.put(n, readTallies(job, n, from));
            return out;
        }
        java.util.concurrent.ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "patrol-tallies");
            t.setDaemon(true);
            return t;
        };
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(READERS, names.size()), daemons)) {
            List<java.util.concurrent.Future<?>> reads = new ArrayList<>();
            for (String n : names) reads.add(pool.submit(() -> out.put(n, readTallies(job, n, from))));
            for (var read : reads) {
                try {
                    read.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    reads.forEach(r -> r.cancel(true));
                    // The state store's own exceptions (unavailable, throttled) reach the pipeline as they would unthreaded.
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the daily tallies of " + job, e);
                }
            }
        }
        return out;
    }

    /** One target's stored daily tallies from {@code from} (the history keeps 400 days), by day. */
    private Tallies readTallies(String job, String target, LocalDate from) {
        TreeMap<LocalDate, Tally> out = new TreeMap<>();
        // A report reads 90 of these per target, for every target: the day is compared as text
        // (ISO dates sort as they read), and the documents are streamed through one parser, the
        // two counts taken as they pass (a parser per 30-byte document was most of the cost).
        String first = from.toString();
        List<StateItem> window = new ArrayList<>();
        for (StateItem i : state.query(Keys.history(job, target), "")) if (i.sk().compareTo(first) >= 0) window.add(i);
        try (JsonParser p = documents(window)) {
            for (StateItem i : window) out.merge(day(i.sk()), tally(p), Tally::plus);
        }
        return Tallies.of(from, out);
    }

    /**
     * One parser over the items' documents, one root-level value after the other: each is read with
     * {@code nextToken} from its first token, and the parser stays with the next one. A document that
     * is not one JSON value (state holds only what Patrol wrote) fails the read, as it did alone.
     */
    private static JsonParser documents(List<StateItem> items) {
        int length = 0;
        for (StateItem i : items) length += i.data().length() + 1;
        StringBuilder all = new StringBuilder(length);
        for (StateItem i : items) all.append(i.data()).append('\n');
        return Json.MAPPER.createParser(all.toString());
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

    /** The next document of {@code p} as a tally; a document that is not an object counts nothing. */
    private static Tally tally(JsonParser p) {
        long checks = 0, failures = 0;
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return new Tally(0, 0);
        }
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NUMBER_INT && name.equals("checks")) checks = p.getLongValue();
            else if (value == JsonToken.VALUE_NUMBER_INT && name.equals("failures")) failures = p.getLongValue();
            else p.skipChildren();
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
        List<StateItem> items = state.query(Keys.transitions(job), "");
        try (JsonParser p = documents(items)) {
            for (StateItem i : items) {
                Instant at = Instant.parse(i.sk().substring(0, i.sk().indexOf('#')));
                String target = "", kind = "", transition = "", message = "";
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                } else {
                    for (String name = p.nextName(); name != null; name = p.nextName()) {
                        JsonToken value = p.nextToken();
                        if (!value.isScalarValue()) {
                            p.skipChildren();
                            continue;
                        }
                        // As JsonNode.asString() read them before: a scalar as its text, null as "".
                        String text = value == JsonToken.VALUE_NULL ? "" : p.getString();
                        switch (name) {
                            case "target" -> target = text;
                            case "kind" -> kind = text;
                            case "transition" -> transition = text;
                            case "message" -> message = text;
                            default -> { }
                        }
                    }
                }
                out.add(new Change(at, target, kind, transition, message));
            }
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

package dev.patrol.report;

import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import dev.patrol.state.TargetState;
import dev.patrol.time.IsoInstant;
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
    }

    /** One transition: when, which target, which way, and what the check said. */
    public record Change(Instant at, String target, String kind, String transition, String message) {}

    /** One run record: the job, when, its status and the targets Patrol itself could not check (status error). */
    public record Run(String job, Instant startedAt, String status, List<String> errors) {}

    private final StateStore state;
    private final Map<String, Map<String, TargetState>> current = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<Change>> changes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Map<String, Days>> tallies = new java.util.concurrent.ConcurrentHashMap<>();

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
     * Daily tallies of one target from {@code from} (inclusive), today's included. Each target's tallies are
     * read once per run, however many repositories and the digest ask for them; the first call for a job reads those
     * of every target the job has in state, {@link #READERS} at a time (in DynamoDB each target is a partition of its
     * own, one Query each: a thousand of them one after the other is seconds of waiting).
     */
    public Days days(String job, String target, LocalDate from) {
        Map<String, Days> all = tallies.computeIfAbsent(job, j -> readTallies(j, from));
        Days stored = all.get(target);
        if (stored == null || stored.from > from.toEpochDay()) all.put(target, stored = readTallies(job, target, from));
        Days out = stored.from(from.toEpochDay());
        TargetState now = targets(job).get(target);
        if (now != null && now.day() != null && !now.day().isBefore(from)) out = out.plus(now.day().toEpochDay(), now.checksToday(), now.failuresToday());
        return out;
    }

    /** How many tally partitions are read at once. */
    static final int READERS = 16;

    /**
     * One target's tallies by day from a first day on: what is kept for the run (the window, not all 400 days of
     * history), as three arrays sorted by day rather than a map of objects: 24 bytes a day, so 1,000 targets over
     * 90 days are 2 MB, and the digest's 91 bars a target are looked up without a tree or a boxed date.
     */
    public static final class Days {
        private final long from;
        private final long[] epochDays, checks, failures;

        private Days(long from, long[] epochDays, long[] checks, long[] failures) {
            this.from = from;
            this.epochDays = epochDays;
            this.checks = checks;
            this.failures = failures;
        }

        /** The day's tally; none (0 checks) on a day without one. */
        public Tally on(LocalDate day) {
            int i = java.util.Arrays.binarySearch(epochDays, day.toEpochDay());
            return i < 0 ? new Tally(0, 0) : new Tally(checks[i], failures[i]);
        }

        /** The tallies from {@code first} to {@code last}, both inclusive, added up. */
        public Tally sum(LocalDate first, LocalDate last) {
            long a = first.toEpochDay(), b = last.toEpochDay(), c = 0, f = 0;
            for (int i = 0; i < epochDays.length; i++) {
                if (epochDays[i] >= a && epochDays[i] <= b) {
                    c += checks[i];
                    f += failures[i];
                }
            }
            return new Tally(c, f);
        }

        /** The days that have a tally, oldest first. */
        public List<LocalDate> dates() {
            List<LocalDate> out = new ArrayList<>(epochDays.length);
            for (long d : epochDays) out.add(LocalDate.ofEpochDay(d));
            return out;
        }

        private Days from(long day) {
            int i = 0;
            while (i < epochDays.length && epochDays[i] < day) i++;
            return new Days(day, java.util.Arrays.copyOfRange(epochDays, i, epochDays.length),
                    java.util.Arrays.copyOfRange(checks, i, checks.length), java.util.Arrays.copyOfRange(failures, i, failures.length));
        }

        /** These days with {@code c} checks and {@code f} failures more on {@code day} (today's, still in the target's state). */
        private Days plus(long day, long c, long f) {
            int i = java.util.Arrays.binarySearch(epochDays, day);
            if (i >= 0) {
                long[] cs = checks.clone(), fs = failures.clone();
                cs[i] += c;
                fs[i] += f;
                return new Days(from, epochDays, cs, fs);
            }
            int at = -i - 1, n = epochDays.length;
            long[] ds = new long[n + 1], cs = new long[n + 1], fs = new long[n + 1];
            System.arraycopy(epochDays, 0, ds, 0, at);
            System.arraycopy(checks, 0, cs, 0, at);
            System.arraycopy(failures, 0, fs, 0, at);
            ds[at] = day;
            cs[at] = c;
            fs[at] = f;
            System.arraycopy(epochDays, at, ds, at + 1, n - at);
            System.arraycopy(checks, at, cs, at + 1, n - at);
            System.arraycopy(failures, at, fs, at + 1, n - at);
            return new Days(from, ds, cs, fs);
        }
    }

    private Map<String, Days> readTallies(String job, LocalDate from) {
        List<String> names = List.copyOf(targets(job).keySet());
        Map<String, Days> out = new java.util.concurrent.ConcurrentHashMap<>();
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
    private Days readTallies(String job, String target, LocalDate from) {
        // A report reads 90 of these per target, for every target: the day is compared as text
        // (ISO dates sort as they read), and the documents the pipeline writes ({"checks":N,"failures":M})
        // are read as they stand; any other streams through one parser with the rest of its kind
        // (a parser per 30-byte document was most of the cost).
        String first = from.toString();
        List<StateItem> window = new ArrayList<>();
        for (StateItem i : state.query(Keys.history(job, target), "")) if (i.sk().compareTo(first) >= 0) window.add(i);
        int n = window.size();
        long[] d = new long[n], c = new long[n], f = new long[n];
        boolean sorted = true;
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d[i] = day(window.get(i).sk()).toEpochDay();
            if (!PlainTally.read(window.get(i).data(), c, f, i)) others.add(i);
            if (i > 0 && d[i] <= d[i - 1]) sorted = false;
        }
        if (!others.isEmpty()) {
            try (JsonParser p = documents(others.stream().map(window::get).toList())) {
                for (int i : others) tally(p, c, f, i);
            }
        }
        if (!sorted) return bySortedDay(from.toEpochDay(), d, c, f);
        return new Days(from.toEpochDay(), d, c, f);
    }

    /** Days in the store's order, which sorts ISO dates as text: only a day written another way needs sorting (and adding up). */
    private static Days bySortedDay(long from, long[] d, long[] c, long[] f) {
        TreeMap<Long, long[]> byDay = new TreeMap<>();
        for (int i = 0; i < d.length; i++) {
            long[] t = byDay.computeIfAbsent(d[i], k -> new long[2]);
            t[0] += c[i];
            t[1] += f[i];
        }
        int n = byDay.size(), i = 0;
        long[] ds = new long[n], cs = new long[n], fs = new long[n];
        for (var e : byDay.entrySet()) {
            ds[i] = e.getKey();
            cs[i] = e.getValue()[0];
            fs[i++] = e.getValue()[1];
        }
        return new Days(from, ds, cs, fs);
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

    /** The next document of {@code p} as the {@code i}th tally; a document that is not an object counts nothing. */
    private static void tally(JsonParser p, long[] checks, long[] failures, int i) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NUMBER_INT && name.equals("checks")) checks[i] = p.getLongValue();
            else if (value == JsonToken.VALUE_NUMBER_INT && name.equals("failures")) failures[i] = p.getLongValue();
            else p.skipChildren();
        }
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
                Instant at = IsoInstant.parse(i.sk().substring(0, i.sk().indexOf('#')));
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
                        String text = text(p, value);
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

    /** Run records of {@code job} from {@code since}, oldest first: streamed through one parser, as the transitions are. */
    public List<Run> runs(String job, Instant since) {
        List<Run> out = new ArrayList<>();
        List<StateItem> items = state.query(Keys.runs(job), "");
        try (JsonParser p = documents(items)) {
            for (int n = 0; n < items.size(); n++) {
                String name = "", startedAt = "", status = "";
                List<String> errors = new ArrayList<>();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                } else {
                    for (String field = p.nextName(); field != null; field = p.nextName()) {
                        JsonToken value = p.nextToken();
                        if (field.equals("problems") && value.isStructStart()) {
                            errors = problems(p);
                            continue;
                        }
                        if (!value.isScalarValue()) {
                            p.skipChildren();
                            continue;
                        }
                        switch (field) {
                            case "job" -> name = text(p, value);
                            case "startedAt" -> startedAt = text(p, value);
                            case "status" -> status = text(p, value);
                            default -> { }
                        }
                    }
                }
                Instant at = IsoInstant.parse(startedAt);
                if (!at.isBefore(since)) out.add(new Run(name, at, status, errors));
            }
        }
        return out;
    }

    /** The problems (an array, or an object's values) the parser is at, as "target: message" for those whose status is error. */
    private static List<String> problems(JsonParser p) {
        List<String> errors = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t == JsonToken.PROPERTY_NAME) continue;
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String status = "", target = "", message = "";
            for (String field = p.nextName(); field != null; field = p.nextName()) {
                JsonToken value = p.nextToken();
                if (!value.isScalarValue()) {
                    p.skipChildren();
                    continue;
                }
                switch (field) {
                    case "status" -> status = text(p, value);
                    case "target" -> target = text(p, value);
                    case "message" -> message = text(p, value);
                    default -> { }
                }
            }
            if (status.equals("error")) errors.add(target + ": " + message);
        }
        return errors;
    }

    /** A scalar as JsonNode.asString() read it before: its text, null as "". */
    private static String text(JsonParser p, JsonToken value) {
        return value == JsonToken.VALUE_NULL ? "" : p.getString();
    }

    /** The JSON document a job keeps for itself under {@code pk}/{@code sk}, if any. */
    public java.util.Optional<JsonNode> document(String pk, String sk) {
        return state.get(pk, sk).map(i -> Json.MAPPER.readTree(i.data()));
    }
}

package dev.patrol.secrets;

import dev.patrol.alert.Transition;
import dev.patrol.secrets.git.ScanCursor;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.verify.Verification;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Patrol remembers about the secrets of each repository, and what changed.
 *
 * <p>Items live under {@code pk = secrets#<repo>}: one per finding
 * ({@code sk = finding#<fingerprint>}) and the scan cursor ({@code sk = cursor}).
 * A stored finding holds the rule, the redacted secret, its places and its
 * status (open, ignored, resolved), never the secret: its fingerprint is the
 * only hash of it.
 *
 * <p>A finding is NEW the first time it is seen (or seen again after it was
 * resolved); it is RESOLVED when a full sweep (first one, changed rules,
 * rewritten history) no longer finds it anywhere in history. An incremental
 * sweep cannot resolve anything; it only updates whether the secret is still in
 * the current tree. Ignored findings stay quiet either way.
 */
public final class FindingsLedger {

    public enum Status { OPEN, IGNORED, RESOLVED }

    /** One place a secret was introduced, as stored (no matched text). */
    public record Place(String commit, String path, int line, String author, String email, Instant date) {
        /** The commit's id as people quote it (empty for files outside git). */
        public String shortCommit() {
            return commit == null ? "" : commit.substring(0, Math.min(8, commit.length()));
        }
    }

    /**
     * What the provider last said of a finding's secret ({@code secrets.verify}): {@code verified}
     * (it works, as {@code identity}: an ARN, a login), {@code unverified} (refused) or {@code unknown}
     * (no answer: retried next run), and when it was asked. Never the secret.
     *
     * <p>A definite answer stays until the next definite one: when a later attempt gets no answer,
     * {@code retrying} says why (null otherwise) and the old answer, with its {@code checkedAt}, stands, so
     * a live key stays live (and P0) through a rate limit, and is asked again every run until answered.
     */
    public record Check(String status, String identity, String detail, Instant checkedAt, String retrying) {
        public Check {
            identity = identity == null ? "" : identity;
            detail = detail == null ? "" : detail;
        }

        public static Check of(Verification v, Instant at) {
            return new Check(v.status().id(), v.identity(), v.detail(), at, null);
        }

        /** This answer, after an attempt that got none ({@code unknown}): the definite answer stands, the attempt is noted. */
        Check after(Check attempt) {
            if (!"unknown".equals(attempt.status()) || "unknown".equals(status)) return attempt;
            return new Check(status, identity, detail, checkedAt, attempt.detail());
        }

        public Verification verification() {
            Verification.Status s = switch (status == null ? "" : status) {
                case "verified" -> Verification.Status.VERIFIED;
                case "unverified" -> Verification.Status.UNVERIFIED;
                default -> Verification.Status.UNKNOWN;
            };
            return new Verification(s, identity, detail);
        }

        public boolean live() {
            return "verified".equals(status);
        }

        /** "live: arn:… — rotate now", "not live: …", "verification unknown: …". */
        public String summary() {
            return verification().summary();
        }
    }

    /** A finding as stored in state; {@code verification} is null until a provider was asked (and in state from before). */
    public record StoredFinding(
            String fingerprint, String repo, String ruleId, String description, String redacted, Status status,
            boolean inCurrentTree, Instant firstSeen, Instant lastSeen, Instant resolvedAt, String ignoredReason,
            List<Place> places, int occurrences, Check verification) {

        /** Whether a provider should be asked (again) now: never asked, last answer unknown, or asked longer than {@code every} ago. */
        public boolean verificationDue(Instant now, java.time.Duration every) {
            if (status != Status.OPEN) return false;
            return verification == null || "unknown".equals(verification.status()) || verification.retrying() != null
                    || verification.checkedAt() == null || !verification.checkedAt().plus(every).isAfter(now);
        }

        /** The live provider's answer, when the last check said the secret works. */
        public boolean live() {
            return verification != null && verification.live();
        }

        StoredFinding withVerification(Check check) {
            return new StoredFinding(fingerprint, repo, ruleId, description, redacted, status, inCurrentTree, firstSeen, lastSeen,
                    resolvedAt, ignoredReason, places, occurrences, check);
        }

        /** One line for alerts and logs: rule, repository, first place, redacted secret, tree status. */
        public String summary() {
            return ruleId + " in " + repo + firstPlace().map(p -> " at " + place() + " (commit " + p.shortCommit() + ")").orElse("")
                    + ": " + redacted + (inCurrentTree ? ", still in the current tree" : ", only in history");
        }

        /** The first place it was introduced. */
        public Optional<Place> firstPlace() {
            return places.isEmpty() ? Optional.empty() : Optional.of(places.getFirst());
        }

        /** Where it first appeared: {@code path:line}. */
        public String place() {
            return firstPlace().map(p -> p.path() + (p.line() > 0 ? ":" + p.line() : "")).orElse("?");
        }
    }

    /**
     * A moment to alert: a finding that just became NEW or RESOLVED, or (with {@code secrets.verify}) an open
     * one whose secret was found to work ({@code NEW}, {@link Cause#LIVE}) or to work no more
     * ({@code RESOLVED}, {@link Cause#NO_LONGER_LIVE}: the finding itself stays open while it is in history).
     * {@code before} is the check it replaces (null for a new or gone finding).
     */
    public record Change(Transition transition, StoredFinding finding, Cause cause, Check before) {
        public Change(Transition transition, StoredFinding finding) {
            this(transition, finding, transition == Transition.RESOLVED ? Cause.GONE : Cause.FOUND, null);
        }
    }

    /** Why a change is alerted. */
    public enum Cause { FOUND, GONE, LIVE, NO_LONGER_LIVE }

    /**
     * What a sweep did to the ledger: the changes to alert on, how many findings of the repository are in each
     * status, and every finding of the repository as it now stands.
     */
    public record Outcome(List<Change> changes, int open, int ignored, int resolved, List<StoredFinding> findings) {
        public Outcome {
            changes = List.copyOf(changes);
            findings = List.copyOf(findings);
        }

        /** The findings still open (neither ignored nor resolved), oldest first. */
        public List<StoredFinding> openFindings() {
            return findings.stream().filter(f -> f.status() == Status.OPEN).toList();
        }
    }

    /**
     * A sweep's effect on the ledger, worked out but not yet written: the outcome to alert on and the
     * writes that make it so (the findings, then the cursor). The secrets job writes it only once the
     * pipeline has put the NEW and RESOLVED alerts in the outbox, so that no alert is lost when a run
     * stops half way: the next run finds the same changes again.
     */
    public record Plan(String repo, Outcome outcome, List<StateStore.Write> writes) {
        public Plan {
            writes = List.copyOf(writes);
        }
    }

    /** Findings in the order they were first seen, and within one sweep in the order of history. */
    private static final java.util.Comparator<StoredFinding> OLDEST_FIRST = java.util.Comparator
            .comparing(StoredFinding::firstSeen)
            .thenComparing(f -> f.firstPlace().map(Place::date).orElse(Instant.EPOCH))
            .thenComparing(StoredFinding::place)
            .thenComparing(StoredFinding::fingerprint);

    static final int MAX_PLACES = 50;
    /** DynamoDB's transaction limit. */
    private static final int MAX_BATCH = 100;
    private static final String FINDING = "finding#";
    private static final String CURSOR = "cursor";

    private final StateStore store;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.shared();

    public FindingsLedger(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static String pk(String repo) {
        return "secrets#" + repo;
    }

    /** Records a sweep's findings and returns what changed (the cursor is saved separately, with {@link #saveCursor}). */
    public Outcome record(ScanResult result) {
        Plan plan = plan(result, Map.of(), false);
        apply(plan);
        return plan.outcome();
    }

    /** Works out what {@code result} changes, findings and cursor, without writing anything; {@link #apply} writes it. */
    public Plan plan(ScanResult result) {
        return plan(result, Map.of(), true);
    }

    /**
     * The same, with what providers just said of some findings' secrets (by fingerprint): stored with each,
     * and an open finding whose secret became live, or stopped being live, is a change to alert on.
     */
    public Plan plan(ScanResult result, Map<String, Check> checks) {
        return plan(result, checks, true);
    }

    /** Writes a plan: its findings in batches, the cursor last, so that a cursor is never ahead of the findings. */
    public void apply(Plan plan) {
        List<StateStore.Write> writes = plan.writes();
        for (int from = 0; from < writes.size(); from += MAX_BATCH) {
            store.putAll(writes.subList(from, Math.min(writes.size(), from + MAX_BATCH)));
        }
    }

    private Plan plan(ScanResult result, Map<String, Check> checks, boolean withCursor) {
        String repo = result.repo();
        Instant now = clock.instant();
        Map<String, StateItem> items = new HashMap<>();
        Map<String, StoredFinding> stored = new java.util.LinkedHashMap<>();
        for (StateItem item : store.query(pk(repo), FINDING)) {
            StoredFinding f = json.readValue(item.data(), StoredFinding.class);
            items.put(f.fingerprint(), item);
            stored.put(f.fingerprint(), f);
        }
        List<Change> changes = new ArrayList<>();
        List<StateStore.Write> writes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Finding f : result.findings()) {
            seen.add(f.fingerprint());
            StoredFinding before = stored.get(f.fingerprint());
            boolean inTree = result.currentTree().contains(f.fingerprint());
            StoredFinding after;
            if (before == null || before.status() == Status.RESOLVED) {
                List<Place> places = before == null ? List.of() : before.places();
                after = new StoredFinding(f.fingerprint(), repo, f.ruleId(), f.description(), f.redacted(), Status.OPEN, inTree,
                        before == null ? now : before.firstSeen(), now, null, null, merge(places, f, result.redaction()), count(places, f, result.redaction()),
                        checks.get(f.fingerprint()));
                changes.add(new Change(Transition.NEW, after));
            } else {
                after = new StoredFinding(before.fingerprint(), repo, before.ruleId(), before.description(), before.redacted(),
                        before.status(), inTree, before.firstSeen(), now, null, before.ignoredReason(),
                        merge(before.places(), f, result.redaction()), count(before.places(), f, result.redaction()), before.verification());
                after = checked(before, after, checks.get(f.fingerprint()), changes);
            }
            stored.put(after.fingerprint(), after);
            writes.add(write(repo, after, items.get(after.fingerprint())));
        }
        for (StoredFinding before : List.copyOf(stored.values())) {
            if (seen.contains(before.fingerprint())) continue;
            StoredFinding after = checked(before, unseen(before, result, now), checks.get(before.fingerprint()), changes);
            if (after == before) continue;
            if (after.status() == Status.RESOLVED && before.status() == Status.OPEN) changes.add(new Change(Transition.RESOLVED, after));
            stored.put(after.fingerprint(), after);
            writes.add(write(repo, after, items.get(after.fingerprint())));
        }
        int open = 0, ignored = 0, resolved = 0;
        for (StoredFinding f : stored.values()) {
            switch (f.status()) {
                case OPEN -> open++;
                case IGNORED -> ignored++;
                case RESOLVED -> resolved++;
            }
        }
        if (withCursor) writes.add(cursorWrite(repo, result.cursor()));
        List<StoredFinding> all = new ArrayList<>(stored.values());
        all.sort(OLDEST_FIRST);
        return new Plan(repo, new Outcome(changes, open, ignored, resolved, all), writes);
    }

    /**
     * An open finding with a new check: the check is stored, and a secret that became live (was not, now is)
     * or stopped being live is a change. An unknown answer after a definite one changes nothing but the note
     * that it is retried: the last definite answer is what people were told (see {@link Check}).
     */
    private static StoredFinding checked(StoredFinding before, StoredFinding after, Check attempt, List<Change> changes) {
        if (attempt == null || after.status() != Status.OPEN) return after;
        Check check = before.verification() == null ? attempt : before.verification().after(attempt);
        boolean wasLive = before.live();
        if (check.live() && !wasLive) changes.add(new Change(Transition.NEW, after.withVerification(check), Cause.LIVE, before.verification()));
        if ("unverified".equals(check.status()) && wasLive) {
            changes.add(new Change(Transition.RESOLVED, after.withVerification(check), Cause.NO_LONGER_LIVE, before.verification()));
        }
        return after.withVerification(check);
    }

    /** A stored finding this sweep did not report: resolved after a full sweep, else maybe no longer in the tree. */
    private StoredFinding unseen(StoredFinding f, ScanResult result, Instant now) {
        if (result.full()) {
            if (f.status() == Status.RESOLVED) return f;
            Status status = f.status() == Status.IGNORED ? Status.IGNORED : Status.RESOLVED;
            return new StoredFinding(f.fingerprint(), f.repo(), f.ruleId(), f.description(), f.redacted(), status, false,
                    f.firstSeen(), f.lastSeen(), status == Status.RESOLVED ? now : f.resolvedAt(), f.ignoredReason(), f.places(), f.occurrences(),
                    f.verification());
        }
        boolean checked = f.places().stream().anyMatch(p -> result.checkedPaths().contains(p.path()));
        boolean inTree = result.currentTree().contains(f.fingerprint());
        if (!checked || inTree == f.inCurrentTree()) return f;
        return new StoredFinding(f.fingerprint(), f.repo(), f.ruleId(), f.description(), f.redacted(), f.status(), inTree,
                f.firstSeen(), f.lastSeen(), f.resolvedAt(), f.ignoredReason(), f.places(), f.occurrences(), f.verification());
    }

    /** The places to store: paths masked, since a file may be named after the secret it holds. */
    private static List<Place> merge(List<Place> places, Finding f, Redaction redaction) {
        Map<String, Place> byKey = new java.util.LinkedHashMap<>();
        places.forEach(p -> byKey.put(p.commit() + ":" + p.path() + ":" + p.line(), p));
        for (Occurrence o : f.occurrences()) {
            String path = redaction.mask(o.path());
            byKey.putIfAbsent(o.commit() + ":" + path + ":" + o.startLine(),
                    new Place(o.commit(), path, o.startLine(), o.author(), o.email(), o.date()));
        }
        List<Place> out = new ArrayList<>(byKey.values());
        return out.size() > MAX_PLACES ? List.copyOf(out.subList(0, MAX_PLACES)) : out;
    }

    private static int count(List<Place> places, Finding f, Redaction redaction) {
        Set<String> keys = new java.util.HashSet<>();
        places.forEach(p -> keys.add(p.commit() + ":" + p.path() + ":" + p.line()));
        f.occurrences().forEach(o -> keys.add(o.commit() + ":" + redaction.mask(o.path()) + ":" + o.startLine()));
        return keys.size();
    }

    private StateStore.Write write(String repo, StoredFinding f, StateItem existing) {
        String data = json.writeValueAsString(f);
        return existing == null ? StateStore.Write.put(StateItem.of(pk(repo), FINDING + f.fingerprint(), data), Expect.ABSENT)
                : StateStore.Write.put(existing.withData(data), Expect.version(existing.version()));
    }

    /** {@code findings ignore}: the finding stays quiet from now on, whatever later sweeps find. */
    public StoredFinding ignore(String repo, String fingerprint, String reason) {
        StateItem item = store.get(pk(repo), FINDING + fingerprint)
                .orElseThrow(() -> new IllegalArgumentException("no finding " + fingerprint + " in " + repo));
        StoredFinding f = json.readValue(item.data(), StoredFinding.class);
        StoredFinding after = new StoredFinding(f.fingerprint(), f.repo(), f.ruleId(), f.description(), f.redacted(), Status.IGNORED,
                f.inCurrentTree(), f.firstSeen(), f.lastSeen(), f.resolvedAt(), reason, f.places(), f.occurrences(), f.verification());
        List<StateStore.Write> writes = new ArrayList<>();
        writes.add(StateStore.Write.put(item.withData(json.writeValueAsString(after)), Expect.version(item.version())));
        // A NEW a mute or window holds back would otherwise go out when it ends, for a finding someone has ignored meanwhile.
        writes.addAll(dev.patrol.alert.Holds.forgetFinding(store, repo, fingerprint));
        store.putAll(writes);
        return after;
    }

    /** The finding with this fingerprint in {@code repo}, whatever its status. */
    public Optional<StoredFinding> find(String repo, String fingerprint) {
        return store.get(pk(repo), FINDING + fingerprint).map(i -> json.readValue(i.data(), StoredFinding.class));
    }

    /** {@code findings list}: open ones, or with {@code all} also ignored and resolved ones. */
    public List<StoredFinding> list(String repo, boolean all) {
        List<StoredFinding> out = new ArrayList<>();
        for (StateItem item : store.query(pk(repo), FINDING)) {
            StoredFinding f = json.readValue(item.data(), StoredFinding.class);
            if (all || f.status() == Status.OPEN) out.add(f);
        }
        out.sort(OLDEST_FIRST);
        return out;
    }

    /** Paths of open findings still in the tree: pass them as {@code recheckPaths} so an incremental sweep can tell if they left it. */
    public Set<String> pathsToRecheck(String repo) {
        Set<String> paths = new LinkedHashSet<>();
        for (StoredFinding f : list(repo, false)) if (f.inCurrentTree()) f.places().forEach(p -> paths.add(p.path()));
        return paths;
    }

    public Optional<ScanCursor> cursor(String repo) {
        return store.get(pk(repo), CURSOR).map(i -> json.readValue(i.data(), ScanCursor.class));
    }

    /** Saves the cursor after the findings are recorded, so a failed run is simply repeated. */
    public void saveCursor(String repo, ScanCursor cursor) {
        StateStore.Write w = cursorWrite(repo, cursor);
        store.put(w.item(), w.expect());
    }

    private StateStore.Write cursorWrite(String repo, ScanCursor cursor) {
        String data = json.writeValueAsString(cursor);
        Optional<StateItem> existing = store.get(pk(repo), CURSOR);
        return existing.isPresent() ? StateStore.Write.put(existing.get().withData(data), Expect.version(existing.get().version()))
                : StateStore.Write.put(StateItem.of(pk(repo), CURSOR, data), Expect.ABSENT);
    }
}

package dev.patrol.secrets;

import dev.patrol.alert.Alert;
import dev.patrol.alert.AlertText;
import dev.patrol.alert.Severity;
import dev.patrol.alert.Transition;
import dev.patrol.pipeline.Observation;
import dev.patrol.secrets.FindingsLedger.Change;
import dev.patrol.secrets.FindingsLedger.StoredFinding;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.git.Unread;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What people read about one repository's findings: the one-line result of a
 * run and the NEW / RESOLVED alerts. Built from stored findings only, so it
 * shows the rule, the place and the redacted secret (at most four characters),
 * never the secret.
 */
final class FindingAlerts {
    /** Findings named in a result line; the rest are counted. */
    private static final int IN_MESSAGE = 3;
    /** Open findings listed in a result's details (run --json). */
    private static final int IN_DETAILS = 50;

    private final String project;
    private final SecretsJob.RepoTarget target;
    private final Instant now;

    FindingAlerts(String project, SecretsJob.RepoTarget target, Instant now) {
        this.project = project;
        this.target = target;
        this.now = now;
    }

    /** ok while nothing is open; otherwise fail, naming the first few open findings. */
    Observation observation(FindingsLedger.Outcome outcome, ScanResult sweep) {
        List<StoredFinding> open = outcome.openFindings();
        Map<String, Object> details = details(sweep, outcome);
        String unread = unread(sweep);
        if (open.isEmpty()) {
            String ignored = outcome.ignored() == 0 ? "" : " (" + outcome.ignored() + " ignored)";
            return Observation.ok("no open findings" + ignored + "; " + sweep.stats().commits() + " commits read ("
                    + (sweep.full() ? "full" : "incremental") + " sweep)" + unread, details);
        }
        // Live keys first: they are the ones to rotate now.
        List<StoredFinding> first = new ArrayList<>(open);
        first.sort(java.util.Comparator.comparing(f -> !f.live()));
        List<String> named = new ArrayList<>();
        for (StoredFinding f : first.subList(0, Math.min(IN_MESSAGE, first.size()))) {
            named.add(f.ruleId() + " in " + f.place() + " (" + f.redacted() + (f.live() ? ", " + f.verification().summary() : "") + ")");
        }
        String more = open.size() > IN_MESSAGE ? " and " + (open.size() - IN_MESSAGE) + " more" : "";
        long live = open.stream().filter(StoredFinding::live).count();
        return Observation.fail(open.size() + " open finding" + (open.size() == 1 ? "" : "s") + (live == 0 ? "" : " (" + live + " live)") + ": "
                + String.join(", ", named) + more + "; see patrol findings list" + unread, details);
    }

    /** "; warning: a shallow clone …" and "; 2 not read: big.sql (over the limit), …": what the sweep could not vouch for. */
    private static String unread(ScanResult sweep) {
        if (sweep.unread().isEmpty()) return "";
        StringBuilder sb = new StringBuilder();
        List<String> files = new ArrayList<>();
        for (Unread u : sweep.unread()) {
            if (u.kind() == Unread.Kind.SHALLOW) sb.append("; warning: ").append(u.why());
            else files.add(u.path().isEmpty() ? u.why() : sweep.redaction().mask(u.path()) + " (" + u.kind().id() + ")");
        }
        if (!files.isEmpty()) {
            sb.append("; ").append(files.size()).append(" not read: ").append(String.join(", ", files.subList(0, Math.min(IN_MESSAGE, files.size()))))
                    .append(files.size() > IN_MESSAGE ? " and more" : "").append(" (details.unread says why)");
        }
        return sb.toString();
    }

    private static Map<String, Object> details(ScanResult r, FindingsLedger.Outcome o) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sweep", r.full() ? "full" : "incremental");
        d.put("reason", r.reason());
        d.put("commits", r.stats().commits());
        d.put("files", r.stats().blobs());
        d.put("skipped", r.stats().skippedBinary() + r.stats().skippedLarge() + r.stats().skippedMissing());
        d.put("open", o.open());
        d.put("ignored", o.ignored());
        d.put("resolved", o.resolved());
        d.put("findings", o.openFindings().stream().limit(IN_DETAILS).map(FindingAlerts::row).toList());
        d.put("unread", r.unread().stream().map(u -> u.fields(r.redaction()::mask)).toList());
        return d;
    }

    List<Alert> events(List<Change> changes) {
        return changes.stream().map(this::alert).toList();
    }

    /** REMINDER and ESCALATED of findings still open; each id names its finding (and reminder), so each goes out once. */
    List<Alert> followUps(List<OpenFindings.FollowUp> followUps) {
        return followUps.stream().map(u -> {
            StoredFinding f = u.finding();
            Map<String, String> facts = facts(f, severity(f));
            facts.put("open for", AlertText.duration(u.openFor()));
            String text = f.ruleId() + " in " + target.name() + " at " + f.place() + " (" + f.redacted() + ") has been open for "
                    + AlertText.duration(u.openFor()) + (f.inCurrentTree() ? ", still in the current tree" : ", only in history")
                    + ": rotate it, or patrol findings ignore " + f.fingerprint() + " --reason ... if it is not a secret.";
            String id = "secrets:" + target.name() + ":" + u.transition().id() + ":" + f.fingerprint()
                    + (u.transition() == Transition.REMINDER ? ":" + u.reminder() : "");
            return new Alert(id, "secrets", target.name(), target.kind(), u.transition(), severity(f), now,
                    AlertText.title(project, "secrets", f.ruleId() + " in " + target.name(), u.transition()), text, facts, null);
        }).toList();
    }

    /** A key that works is the most urgent thing Patrol can report, whatever the repository's severity. */
    private Severity severity(StoredFinding f) {
        return f.live() ? Severity.P0 : target.severity();
    }

    private Map<String, String> facts(StoredFinding f, Severity severity) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("severity", severity.name() + " " + severity.label());
        facts.put("rule", f.ruleId());
        facts.put("place", f.place());
        f.firstPlace().ifPresent(p -> facts.put("commit", p.shortCommit()));
        facts.put("secret", f.redacted());
        facts.put("where", f.inCurrentTree() ? "still in the current tree" : "only in history");
        facts.put("fingerprint", f.fingerprint());
        if (f.verification() != null) facts.put("verification", f.verification().summary());
        return facts;
    }

    private Alert alert(Change change) {
        StoredFinding f = change.finding();
        Transition tr = change.transition();
        // The word that a live key works no more goes the same way as the word that it worked: to the channels told it did.
        Severity severity = change.cause() == FindingsLedger.Cause.NO_LONGER_LIVE ? Severity.P0 : severity(f);
        Map<String, String> facts = facts(f, severity);
        String what = switch (change.cause()) {
            case LIVE -> " is live";
            case NO_LONGER_LIVE -> " no longer live";
            default -> "";
        };
        String title = AlertText.title(project, "secrets", f.ruleId() + " in " + target.name() + what, tr);
        String text = switch (change.cause()) {
            case FOUND -> newText(f);
            case GONE -> resolvedText(f);
            case LIVE -> liveText(f);
            case NO_LONGER_LIVE -> noLongerLiveText(f);
        };
        return new Alert(id(change), "secrets", target.name(), target.kind(), tr, severity, now, title, text, facts, null);
    }

    /**
     * Stable for the change, so the outbox knows a retry: a verification change is named after the check it
     * replaces, which a run cut short leaves in state, so the next run makes the same id.
     */
    private String id(Change change) {
        String base = "secrets:" + target.name() + ":" + change.transition().id() + ":" + change.finding().fingerprint();
        return switch (change.cause()) {
            case FOUND, GONE -> base;
            case LIVE, NO_LONGER_LIVE -> base + ":" + (change.cause() == FindingsLedger.Cause.LIVE ? "live" : "not-live") + ":"
                    + (change.before() == null || change.before().checkedAt() == null ? "never" : change.before().checkedAt().toString());
        };
    }

    private String liveText(StoredFinding f) {
        return f.ruleId() + " leaked in " + target.name() + " at " + f.place() + " (" + f.redacted() + ") works: " + f.verification().summary()
                + ". " + (f.inCurrentTree() ? "It is still in the current tree." : "It is only in history, which is just as leaked.")
                + " Fingerprint " + f.fingerprint() + ".";
    }

    private String noLongerLiveText(StoredFinding f) {
        return f.ruleId() + " leaked in " + target.name() + " at " + f.place() + " (" + f.redacted() + ") no longer works: "
                + f.verification().summary() + ". It was live; it has been rotated or revoked. The finding stays open while the secret is in "
                + "history: patrol findings ignore " + f.fingerprint() + " --reason rotated closes it.";
    }

    private String newText(StoredFinding f) {
        String when = f.firstPlace().map(p -> " in commit " + p.shortCommit() + (p.date() == null ? "" : " (" + p.date().toString().substring(0, 10) + ")"))
                .orElse("");
        String advice = f.inCurrentTree()
                ? "It is still in the current tree: rotate it, then remove it (removing it alone does not remove it from history)."
                : "It is only in history: rotate it: removing it from the tree does not remove it from history.";
        String live = f.verification() == null ? "" : f.verification().summary() + ". ";
        return f.ruleId() + " leaked in " + target.name() + " at " + f.place() + when + ": " + f.redacted() + ". " + live + advice
                + " Fingerprint " + f.fingerprint() + " (patrol findings ignore " + f.fingerprint() + " --reason ... if it is not a secret).";
    }

    private String resolvedText(StoredFinding f) {
        return f.ruleId() + " in " + target.name() + " (" + f.redacted() + ", first at " + f.place()
                + ") is no longer anywhere in the repository's history.";
    }

    private static Map<String, Object> row(StoredFinding f) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("fingerprint", f.fingerprint());
        r.put("rule", f.ruleId());
        r.put("place", f.place());
        r.put("secret", f.redacted());
        r.put("inCurrentTree", f.inCurrentTree());
        if (f.verification() != null) r.put("verification", f.verification());
        return r;
    }
}

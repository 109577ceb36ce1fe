package dev.patrol.secrets;

import dev.patrol.alert.Alert;
import dev.patrol.alert.Severity;
import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretsConfig;
import dev.patrol.pipeline.Job;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.Status;
import dev.patrol.pipeline.Target;
import dev.patrol.secrets.git.CloneCache;
import dev.patrol.secrets.git.RepoSource;
import dev.patrol.secrets.git.RepoUnavailableException;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.org.Forge;
import dev.patrol.secrets.org.OrgTargets;
import dev.patrol.secrets.org.UnsweptTarget;
import dev.patrol.secrets.rules.RuleConfigException;
import dev.patrol.secrets.git.Recall;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.VerificationRun;
import dev.patrol.secrets.verify.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The secrets job: one target per repository of {@code secrets.repos}, and per repository of
 * each organisation there ({@link OrgTargets}). Each run
 * sweeps what is new in the repository's history since the last run, records
 * the findings in the {@link FindingsLedger}, and raises a NEW alert per new
 * finding and a RESOLVED one per finding gone from history. The target is ok
 * while no finding is open (ignored ones do not count).
 *
 * <p>With {@code secrets.verify}, between the sweep and the ledger, the providers are asked whether the
 * secrets work: new findings, open ones whose last answer was unknown, and open ones whose answer is older
 * than {@code verifyEvery} (their secrets read again from the file versions that introduced them, as state
 * keeps none). A live finding alerts P0; one that stops being live alerts RESOLVED "no longer live".
 *
 * <p>No up/down tracking: a repository with a leaked key does not "recover" when
 * the file is fixed, so the findings' own lifecycle drives the alerts.
 */
public final class SecretsJob implements Job {

    public record RepoTarget(SecretsConfig.Repo config) implements Target {
        public String name() { return config.name(); }
        public String kind() { return "repo"; }
        public Severity severity() { return config.severity(); }
    }

    /** At most this many places of one finding are read again to recall its secret for re-verification. */
    private static final int RECALL_PLACES = 3;

    private final Supplier<List<Verifier>> verifiers;
    private final OrgTargets orgs;

    /** Without verifiers or a forge client, for callers that only name the jobs. */
    public SecretsJob() {
        this(List::of, Forge.NONE);
    }

    public SecretsJob(Supplier<List<Verifier>> verifiers) {
        this(verifiers, Forge.NONE);
    }

    public SecretsJob(Forge forge) {
        this(List::of, forge);
    }

    /**
     * With the verifiers to ask when {@code secrets.verify} is on, and the forge client that lists the
     * repositories of {@code org:} entries. The supplier is called only when verifying (it reads the test
     * override from the environment, and a wrong one is an error of the run, not of start-up).
     */
    public SecretsJob(Supplier<List<Verifier>> verifiers, Forge forge) {
        this.verifiers = verifiers;
        this.orgs = new OrgTargets(forge);
    }

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public int parallelism() {
        // A sweep keeps two cores busy on its own; more repositories at once only compete for them.
        return 2;
    }

    /** Findings alert through their own events; up/down tells only of a repository that could not be swept. */
    @Override
    public Status trackedStatus(Status observed) {
        return observed == Status.FAIL ? Status.OK : observed;
    }

    @Override
    public List<Target> targets(RunContext context) {
        SecretsConfig secrets = context.config().secrets();
        List<Target> targets = new ArrayList<>(secrets.repos().stream().map(RepoTarget::new).toList());
        if (!secrets.orgs().isEmpty()) {
            Set<String> taken = new HashSet<>();
            targets.forEach(t -> taken.add(t.name()));
            Path cache = cloneCache(context.config());
            targets.addAll(orgs.expand(secrets.orgs(), context.secrets(), context.clock(), context.state(), taken, CloneCache.at(cache).limit(), cache));
        }
        return targets;
    }

    @Override
    public Observation observe(Target target, RunContext context) {
        if (target instanceof UnsweptTarget unswept) return unswept.observation();
        SecretsConfig.Repo repo = ((RepoTarget) target).config();
        String token;
        String url;
        try {
            token = repo.token() == null ? null : repo.token().resolve(context.secrets());
        } catch (SecretResolutionException e) {
            return Observation.error("the token of " + repo.name() + " could not be read: " + e.getMessage()
                    + "; check secrets.repos " + repo.name() + " token in the config", Map.of());
        }
        try {
            url = repo.reachableUrl(context.secrets());
        } catch (SecretResolutionException e) {
            return Observation.error("the url of " + repo.name() + " could not be resolved: " + e.getMessage()
                    + "; check secrets.repos " + repo.name() + " url in the config", Map.of());
        }
        FindingsLedger ledger = new FindingsLedger(context.state(), context.clock());
        SecretSweep sweep = new SecretSweep(options(context), context.clock());
        SecretsConfig secrets = context.config().secrets();
        List<Verifier> asked = secrets.verify() ? verifiersOrNull() : List.of();
        if (asked == null) {
            return Observation.error("secrets.verify is on, but verification cannot run: " + Endpoint.TEST_OVERRIDE
                    + " must be a loopback URL such as http://127.0.0.1:8080 (it is for tests only); unset it", Map.of());
        }
        Instant now = context.clock().instant();
        Map<String, List<Recall.Place>> recall = secrets.verify() ? due(ledger.list(repo.name(), false), asked, now, secrets.verifyEvery()) : Map.of();
        ScanResult result;
        List<Finding> recalled;
        try {
            SecretSweep.Swept swept = sweep.sweep(repo.name(), url, token, ledger.cursor(repo.name()).orElse(null),
                    ledger.pathsToRecheck(repo.name()), Suppressions.none(), ScanProgress.to(context.progress(), repo.name()), recall);
            result = swept.result();
            recalled = swept.recalled();
        } catch (RepoUnavailableException e) {
            return Observation.error(hidden(e.getMessage(), token) + "; " + howToReach(repo), Map.of("url", RepoSource.shown(repo.url())));
        } catch (RuleConfigException e) {
            return Observation.error("the secrets rules cannot be used: " + e.getMessage()
                    + " (fix the file, or set secrets.rules: default)", Map.of());
        }
        Map<String, FindingsLedger.Check> checks = secrets.verify()
                ? checks(asked, result.findings(), recalled, recall.keySet(), ledger, repo.name(), now, secrets.verifyEvery()) : Map.of();
        FindingsLedger.Plan plan = ledger.plan(result, checks);
        FindingAlerts alerts = new FindingAlerts(context.config().name(), (RepoTarget) target, context.clock().instant());
        Observation seen = alerts.observation(plan.outcome(), result);
        OpenFindings.Result open = OpenFindings.follow(context.state(), repo.name(), plan.outcome(),
                context.config().alerts().policy(name(), repo.name()), context.clock().instant());
        List<Alert> events = new ArrayList<>(alerts.events(plan.outcome().changes()));
        events.addAll(alerts.followUps(open.followUps()));
        // Findings and cursor are written once the pipeline holds the alerts: a run cut short repeats them, never drops them.
        return seen.withEvents(events).withAfterRecorded(() -> {
            ledger.apply(plan);
            ledger.apply(new FindingsLedger.Plan(repo.name(), plan.outcome(), open.writes()));
        });
    }

    private List<Verifier> verifiersOrNull() {
        try {
            return verifiers.get();
        } catch (IllegalArgumentException badOverride) {
            return null;
        }
    }

    /**
     * Open findings whose verification is due (never asked, unknown, or older than verifyEvery), with the places
     * to recall them from; only those of rules a verifier handles (an AWS key id alone is never asked about).
     */
    private static Map<String, List<Recall.Place>> due(List<FindingsLedger.StoredFinding> open, List<Verifier> verifiers, Instant now,
            Duration every) {
        Set<String> verifiable = new java.util.HashSet<>();
        verifiers.forEach(v -> verifiable.addAll(v.rules()));
        Map<String, List<Recall.Place>> due = new LinkedHashMap<>();
        for (FindingsLedger.StoredFinding f : open) {
            if (!verifiable.contains(f.ruleId()) || !f.verificationDue(now, every)) continue;
            due.put(f.fingerprint(), f.places().stream().limit(RECALL_PLACES).map(p -> new Recall.Place(p.commit(), p.path())).toList());
        }
        return due;
    }

    /**
     * Asks the providers about the findings that need it: new ones (or seen again after being resolved), and
     * open ones that are due, whether this sweep met them or they were recalled. Ignored findings and open
     * ones checked within verifyEvery are not asked again. The rest of the findings are context only: where
     * the key id of an AWS secret key is found.
     */
    private static Map<String, FindingsLedger.Check> checks(List<Verifier> verifiers, List<Finding> swept, List<Finding> recalled,
            Set<String> due, FindingsLedger ledger, String repo, Instant now, Duration every) {
        Map<String, FindingsLedger.StoredFinding> stored = new HashMap<>();
        for (FindingsLedger.StoredFinding f : ledger.list(repo, true)) stored.put(f.fingerprint(), f);
        Set<String> which = new LinkedHashSet<>(due);
        for (Finding f : swept) {
            FindingsLedger.StoredFinding before = stored.get(f.fingerprint());
            if (before == null || before.status() == FindingsLedger.Status.RESOLVED || before.verificationDue(now, every)) which.add(f.fingerprint());
        }
        if (which.isEmpty()) return Map.of();
        Map<String, Finding> pool = new LinkedHashMap<>();
        swept.forEach(f -> pool.put(f.fingerprint(), f));
        recalled.forEach(f -> pool.putIfAbsent(f.fingerprint(), f));
        Map<String, FindingsLedger.Check> out = new LinkedHashMap<>();
        new VerificationRun(verifiers).verify(new ArrayList<>(pool.values()), which)
                .forEach((fp, v) -> out.put(fp, FindingsLedger.Check.of(v, now)));
        return out;
    }

    private static SecretSweep.Options options(RunContext context) {
        var config = context.config();
        return SecretSweep.Options.defaults().withRules(config.secrets().rules()).withCloneCache(cloneCache(config));
    }

    /**
     * Where clones of repository URLs are kept between runs, so a run fetches only what is new: beside
     * embedded state, else (a Lambda, a shared table) in the temporary folder, which a warm function
     * keeps. The report job reads the same clones.
     */
    public static Path cloneCache(dev.patrol.config.PatrolConfig config) {
        return config.state().embedded() && config.state().dir() != null ? config.state().dir().resolve("clones")
                : Path.of(System.getProperty("java.io.tmpdir"), "patrol-clones");
    }

    private static String howToReach(SecretsConfig.Repo repo) {
        return RepoSource.isUrl(repo.url())
                ? "check the URL of secrets.repos " + repo.name() + ", that this machine can reach it, and that its token may read it"
                : "check the url of secrets.repos " + repo.name() + " in the config: it must be a git repository (or a URL)";
    }

    /** Belt and braces: the repository source already leaves tokens out of its messages. */
    private static String hidden(String message, String token) {
        return token == null || token.isEmpty() ? message : message.replace(token, "<redacted>");
    }
}

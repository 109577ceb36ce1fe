package dev.patrol.secrets;

import dev.patrol.alert.Severity;
import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretsConfig;
import dev.patrol.pipeline.Job;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * The secrets job: one target per repository of {@code secrets.repos}, and per repository of
 * each organisation there ({@link OrgTargets}). Each run
 * sweeps what is new in the repository's history since the last run, records
 * the findings in the {@link FindingsLedger}, and raises a NEW alert per new
 * finding and a RESOLVED one per finding gone from history. The target is ok
 * while no finding is open (ignored ones do not count).
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

    private final OrgTargets orgs;

    public SecretsJob() {
        this(Forge.NONE);
    }

    /** With the forge client that lists the repositories of {@code org:} entries. */
    public SecretsJob(Forge forge) {
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

    @Override
    public boolean tracksUpDown() {
        return false;
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
        ScanResult result;
        try {
            result = sweep.scan(repo.name(), url, token, ledger.cursor(repo.name()).orElse(null),
                    ledger.pathsToRecheck(repo.name()), Suppressions.none(), ScanProgress.to(context.progress(), repo.name()));
        } catch (RepoUnavailableException e) {
            return Observation.error(hidden(e.getMessage(), token) + "; " + howToReach(repo), Map.of("url", RepoSource.shown(repo.url())));
        } catch (RuleConfigException e) {
            return Observation.error("the secrets rules cannot be used: " + e.getMessage()
                    + " (fix the file, or set secrets.rules: default)", Map.of());
        }
        FindingsLedger.Plan plan = ledger.plan(result);
        FindingAlerts alerts = new FindingAlerts(context.config().name(), (RepoTarget) target, context.clock().instant());
        Observation seen = alerts.observation(plan.outcome(), result);
        // Findings and cursor are written once the pipeline holds the alerts: a run cut short repeats them, never drops them.
        return seen.withEvents(alerts.events(plan.outcome().changes())).withAfterRecorded(() -> ledger.apply(plan));
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

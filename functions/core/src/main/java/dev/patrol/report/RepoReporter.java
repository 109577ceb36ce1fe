package dev.patrol.report;

import dev.patrol.config.HealthConfig;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.ReportsConfig;
import dev.patrol.config.SecretResolutionException;
import dev.patrol.config.SecretsConfig;
import dev.patrol.pipeline.RunContext;
import dev.patrol.report.dora.Benchmark;
import dev.patrol.report.dora.DeploymentSpec;
import dev.patrol.report.dora.Dora;
import dev.patrol.report.dora.DoraCalculator;
import dev.patrol.report.dora.GitHistory;
import dev.patrol.report.dora.Incident;
import dev.patrol.report.dora.IncidentHistory;
import dev.patrol.report.dora.TagPosition;
import dev.patrol.report.scorecard.PatrolFacts;
import dev.patrol.report.scorecard.RepoContent;
import dev.patrol.report.scorecard.ScoreTrend;
import dev.patrol.report.scorecard.Scorecard;
import dev.patrol.secrets.FindingsLedger;
import dev.patrol.secrets.SecretsJob;
import dev.patrol.secrets.git.RepoSource;
import dev.patrol.secrets.git.RepoUnavailableException;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.StateItem;
import dev.patrol.state.TargetState;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One repository's section of the report: its scorecard and DORA metrics, read from the same
 * repository (or clone, kept with the secrets job's) and from what Patrol's jobs left in state.
 */
public final class RepoReporter {
    /** The report's own memory of a repository: where its deployment tags pointed (git keeps no history of tags). */
    static String pk(String repo) {
        return "report#" + repo;
    }

    static final String TAGS = "tags";

    public record Outcome(Report.Repo section, Runnable remember) {}

    private record Positions(List<TagPosition> positions) {}

    private final RunContext context;
    private final StateHistory history;

    public RepoReporter(RunContext context, StateHistory history) {
        this.context = context;
        this.history = history;
    }

    public Outcome report(ReportsConfig.Repo settings, Instant from, Instant to) {
        PatrolConfig config = context.config();
        SecretsConfig.Repo source = config.secrets().repos().stream().filter(r -> r.name().equals(settings.repo())).findFirst().orElse(null);
        if (source == null) return new Outcome(Report.Repo.failed(settings.repo(), "not in secrets.repos"), () -> { });
        String token;
        try {
            token = source.token() == null ? null : source.token().resolve(context.secrets());
        } catch (SecretResolutionException e) {
            return new Outcome(Report.Repo.failed(settings.repo(), "the token of " + source.name() + " could not be read: " + e.getMessage()), () -> { });
        }
        var stored = context.state().get(pk(settings.repo()), TAGS);
        List<TagPosition> remembered = stored.map(i -> Json.read(i.data(), Positions.class).positions()).orElse(List.of());
        try (RepoSource.Opened opened = RepoSource.open(source.url(), token, SecretsJob.cloneCache(config), ScanProgress.NONE)) {
            // One walk for both readings: the scorecard's pass over HEAD finds the commits DORA parsed already.
            GitHistory git;
            Scorecard card;
            try (var reader = opened.repository().newObjectReader(); var walk = new org.eclipse.jgit.revwalk.RevWalk(reader)) {
                git = GitHistory.read(opened.repository(), walk, DeploymentSpec.parse(settings.deployments()), remembered, to);
                try (RepoContent content = RepoContent.read(opened.repository(), walk, to)) {
                    card = Scorecard.of(Scorecard.standard(), content, facts(settings, from, to));
                }
            }
            List<Incident> incidents = IncidentHistory.of(history.transitions("health", Instant.MIN), settings.services());
            Dora dora = new DoraCalculator(Benchmark.named(config.reports().benchmark()), settings.failureWindow())
                    .compute(settings.deployments(), git.deployments(), git.reverts(), incidents, from, to);
            ScoreHistory scores = new ScoreHistory(context.state(), settings.repo(), DigestDay.of(from));
            ScoreTrend.Day today = ScoreHistory.of(DigestDay.of(to), card);
            ScoreTrend trend = ScoreTrend.of(scores.days(), today);
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            // Both the repository's target and the digest may hold this outcome: the first to finish remembers.
            Runnable remember = () -> {
                if (!done.compareAndSet(false, true)) return;
                scores.remember(today, to);
                if (git.positions().equals(remembered)) return;
                String data = Json.write(new Positions(git.positions()));
                context.state().put(stored.map(i -> i.withData(data)).orElse(StateItem.of(pk(settings.repo()), TAGS, data)),
                        stored.map(i -> Expect.version(i.version())).orElse(Expect.ABSENT));
            };
            return new Outcome(new Report.Repo(settings.repo(), null, card, dora, git.commits(), trend), remember);
        } catch (RepoUnavailableException e) {
            return new Outcome(Report.Repo.failed(settings.repo(), e.getMessage()), () -> { });
        } catch (IOException | RuntimeException e) {
            String why = dev.patrol.text.ProblemWords.describe(e);
            if (token != null && !token.isEmpty()) why = why.replace(token, "<redacted>");
            return new Outcome(Report.Repo.failed(settings.repo(), "could not read the history of " + RepoSource.shown(source.url()) + ": " + why),
                    () -> { });
        }
    }

    /** What the secrets, health and backups jobs know that bears on this repository. */
    PatrolFacts facts(ReportsConfig.Repo settings, Instant from, Instant to) {
        FindingsLedger ledger = new FindingsLedger(context.state(), context.clock());
        boolean swept = ledger.cursor(settings.repo()).isPresent();
        List<String> open = ledger.list(settings.repo(), false).stream()
                .map(f -> f.ruleId() + " at " + f.place() + " (" + f.redacted() + ", first seen " + f.firstSeen().toString().substring(0, 10) + ")")
                .toList();
        HealthConfig hc = context.config().health();
        List<PatrolFacts.Service> services = new ArrayList<>();
        LocalDate start = from.atZone(ZoneOffset.UTC).toLocalDate();
        Map<String, TargetState> states = history.targets("health");
        List<String[]> targets = new ArrayList<>();
        hc.endpoints().forEach(e -> targets.add(new String[] {e.name(), "endpoint"}));
        hc.heartbeats().forEach(h -> targets.add(new String[] {h.name(), "heartbeat"}));
        hc.freshness().forEach(f -> targets.add(new String[] {f.name(), "freshness"}));
        for (String[] t : targets) {
            if (settings.services() != null && !settings.services().contains(t[0])) continue;
            StateHistory.Tally tally = history.days("health", t[0], start).sum(start, to.atZone(ZoneOffset.UTC).toLocalDate());
            TargetState s = states.get(t[0]);
            services.add(new PatrolFacts.Service(t[0], t[1], s == null ? TargetState.UNKNOWN : s.status(), tally.checks(), tally.failures()));
        }
        Map<String, TargetState> backupStates = history.targets("backups");
        List<PatrolFacts.BackupSet> backups = context.config().backups().stream().map(b -> {
            TargetState s = backupStates.get(b.name());
            return new PatrolFacts.BackupSet(b.name(), s == null ? TargetState.UNKNOWN : s.status(), s == null ? null : s.lastMessage());
        }).toList();
        return new PatrolFacts(swept, open, services, backups);
    }
}

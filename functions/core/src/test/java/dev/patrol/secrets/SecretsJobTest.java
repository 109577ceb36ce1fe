package dev.patrol.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Alert;
import dev.patrol.alert.RecordingNotifier;
import dev.patrol.alert.Severity;
import dev.patrol.alert.Transition;
import dev.patrol.config.AlertsConfig;
import dev.patrol.config.AwsConfig;
import dev.patrol.config.HealthConfig;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.ReportsConfig;
import dev.patrol.config.SecretValue;
import dev.patrol.config.SecretsConfig;
import dev.patrol.config.StateConfig;
import dev.patrol.jobs.JobCatalog;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.RunRecord;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.state.Json;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets job through the real pipeline, with state in memory and a repository built for the test. */
class SecretsJobTest {
    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-11-22T09:00:00Z");
    private final InMemoryStateStore state = new InMemoryStateStore(clock);
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final FakeCredentials fakes = new FakeCredentials(41);
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private RunContext context(SecretsConfig.Repo... repos) {
        PatrolConfig config = new PatrolConfig("acme", null, new StateConfig(null, dir.resolve(".patrol")), new AwsConfig(null, null),
                new AlertsConfig(Severity.P3, null, null, null), HealthConfig.empty(), List.of(),
                new SecretsConfig("default", List.of(repos), Severity.P1), new ReportsConfig(null));
        return new RunContext(config, state, new ObjectStores(List.of()), SecretValue::raw, clock,
                (task, done, total) -> progress.add(task));
    }

    private SecretsConfig.Repo repo(String name, String url) {
        return new SecretsConfig.Repo(name, url, null, Severity.P1);
    }

    private RunRecord run(RunContext context) {
        clock.advance(Duration.ofMinutes(10));
        return new Pipeline(context, Map.of("slack", slack)).run(JobCatalog.standard().get("secrets"), RunOptions.all());
    }

    @Test
    void aLeakRemovedFromTheTreeAlertsOnceAsNewOnlyInHistoryAndTheNextRunIsIncrementalAndQuiet() throws Exception {
        String key = "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        String ghp = "gh" + "p_" + fakes.alnum(36);
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "init", Map.of("README.md", "# deals\n"));
            String leak = git.commit("main", "prod config", Map.of("config/prod.env", "REGION=us-east-1\nAWS_ACCESS_KEY_ID=" + key + "\n"));
            git.commit("main", "move the key to the vault", Map.of("config/prod.env", "REGION=us-east-1\n"));
            git.commit("main", "release script", Map.of("ci/release.sh", "#!/bin/sh\nGITHUB_TOKEN=" + ghp + "\n"));
            RunContext context = context(repo("deals", dir.resolve("deals.git").toString()));

            RunRecord first = run(context);

            RunRecord.Result result = first.results().getFirst();
            assertThat(result.kind()).isEqualTo("repo");
            assertThat(result.status()).isEqualTo("fail");
            assertThat(result.message()).startsWith("2 open findings: aws-access-key-id in config/prod.env:2 (AKIA****)")
                    .contains("github-pat in ci/release.sh:2 (ghp_****)");
            assertThat(first.exitCode()).isEqualTo(1);
            assertThat(slack.delivered()).extracting(Alert::transition).containsExactly(Transition.NEW, Transition.NEW);
            Alert aws = slack.delivered().getFirst();
            assertThat(aws.id()).isEqualTo("secrets:deals:new:" + dev.patrol.secrets.fingerprint.Fingerprints.patrol("deals", "aws-access-key-id", key));
            assertThat(aws.title()).isEqualTo("[acme] NEW: aws-access-key-id in deals (secrets)");
            assertThat(aws.text()).contains("config/prod.env:2").contains("commit " + leak.substring(0, 8)).contains("AKIA****")
                    .contains("only in history").contains("rotate it: removing it from the tree does not remove it from history");
            assertThat(slack.delivered().get(1).text()).contains("still in the current tree");
            assertThat(progress).contains("deals: walking commits", "deals: reading files");

            RunRecord second = run(context);

            assertThat(second.results().getFirst().details()).containsEntry("sweep", "incremental").containsEntry("commits", 0);
            assertThat(second.results().getFirst().status()).isEqualTo("fail");
            assertThat(second.alerts()).isEmpty();
            assertThat(slack.delivered()).hasSize(2);
            String everything = Json.write(state.query("secrets#deals", "")) + Json.write(first) + Json.write(second) + Json.write(slack.delivered());
            assertThat(everything).doesNotContain(key).doesNotContain(ghp);
        }
    }

    @Test
    void aNewCommitIsReadAloneAndIgnoredFindingsStayQuiet() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("crm.git"))) {
            String hubspot = "pat-" + "na1-" + fakes.uuid();
            git.commit("main", "sync", Map.of("sync/crm.py", "TOKEN = \"" + hubspot + "\"\n"));
            RunContext context = context(repo("crm", dir.resolve("crm.git").toString()));
            run(context);
            FindingsLedger ledger = new FindingsLedger(state, clock);
            String fingerprint = ledger.list("crm", false).getFirst().fingerprint();
            ledger.ignore("crm", fingerprint, "a sandbox token");

            RunRecord quiet = run(context);
            assertThat(quiet.results().getFirst().status()).isEqualTo("ok");
            assertThat(quiet.results().getFirst().message()).startsWith("no open findings (1 ignored)");

            String stripe = "sk" + "_live_" + fakes.alnum(24);
            git.commit("main", "billing", Map.of("billing.env", "STRIPE=" + stripe + "\n"));
            RunRecord next = run(context);

            assertThat(next.results().getFirst().details()).containsEntry("commits", 1);
            assertThat(next.alerts()).singleElement().satisfies(a -> assertThat(a.transition()).isEqualTo("new"));
            assertThat(slack.delivered()).extracting(Alert::title).containsExactly(
                    "[acme] NEW: hubspot-private-app-token in crm (secrets)", "[acme] NEW: stripe-secret-key in crm (secrets)");
        }
    }

    @Test
    void aRunCutShortBeforeItsAlertsWereStoredRaisesThemOnTheNextRun() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("ops.git"))) {
            git.commit("main", "npm", Map.of(".npmrc", "//registry.npmjs.org/:_authToken=" + "np" + "m_" + fakes.alnum(36) + "\n"));
            RunContext context = context(repo("ops", dir.resolve("ops.git").toString()));
            SecretsJob job = new SecretsJob();

            Observation interrupted = job.observe(job.targets(context).getFirst(), context); // the process dies here
            assertThat(interrupted.events()).hasSize(1);
            assertThat(new FindingsLedger(state, clock).cursor("ops")).isEmpty();

            RunRecord next = run(context);
            assertThat(next.alerts()).extracting(RunRecord.AlertOutcome::transition).containsExactly("new");
            assertThat(new FindingsLedger(state, clock).cursor("ops")).isPresent();
        }
    }

    @Test
    void anUnreachableRepositoryIsAnErrorThatSaysWhatToFixGoesDownOnceAndNeverShowsTheToken() throws Exception {
        String token = "gh" + "p_" + fakes.alnum(36);
        var unreachable = new SecretsConfig.Repo("deals", "http://127.0.0.1:9/acme/deals.git", SecretValue.of(token), Severity.P1);
        var missing = repo("notes", dir.resolve("no-such-repo").toString());

        RunRecord run = run(context(unreachable, missing));

        RunRecord.Result deals = run.results().get(0);
        assertThat(deals.status()).isEqualTo("error");
        assertThat(deals.message()).contains("cannot clone http://127.0.0.1:9/acme/deals.git")
                .contains("check the URL of secrets.repos deals").doesNotContain(token);
        RunRecord.Result notes = run.results().get(1);
        assertThat(notes.status()).isEqualTo("error");
        assertThat(notes.message()).contains("no-such-repo").contains("check the url of secrets.repos notes");
        // A repository the sweep cannot read would otherwise go unswept in silence.
        assertThat(run.alerts()).extracting(a -> a.target() + " " + a.transition()).containsExactly("deals down", "notes down");
        assertThat(run(context(unreachable, missing)).alerts()).as("once while it stays unreadable").isEmpty();
    }
}

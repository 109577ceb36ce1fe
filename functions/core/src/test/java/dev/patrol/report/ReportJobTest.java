package dev.patrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.RunRecord;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.state.Json;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code run report} through the one pipeline: the known history of {@link DoraKnownAnswerTest}, incidents from a real health run. */
class ReportJobTest {
    @TempDir
    Path tmp;

    private PatrolConfig config(Path out, Path repo) {
        HealthConfig health = new HealthConfig(List.of(new HealthConfig.Endpoint("backend", SecretValue.of("http://127.0.0.1:9/health"), "GET",
                Map.of(), Duration.ofSeconds(1), List.of(), 1, Severity.P1)), List.of(), List.of());
        SecretsConfig secrets = new SecretsConfig("default", List.of(
                new SecretsConfig.Repo("deals", repo.toString(), null, Severity.P1),
                new SecretsConfig.Repo("ghost", tmp.resolve("no-such-repo").toString(), null, Severity.P1)), Severity.P1);
        ReportsConfig reports = new ReportsConfig(out.toString(), Duration.ofDays(28), ReportsConfig.DORA_2023,
                List.of(new ReportsConfig.Repo("deals", "tag:v*", List.of("backend"), Duration.ofHours(24)), ReportsConfig.Repo.defaults("ghost")));
        return new PatrolConfig("acme <b>", null, new StateConfig(null, tmp.resolve(".patrol")), new AwsConfig(null, null),
                new AlertsConfig(Severity.P3, null, null, null), health, List.of(), secrets, reports);
    }

    /** The report of the known history on 2026-11-30, written under {@code tmp/reports} by a real run of the job. */
    RunRecord knownReport(RecordingNotifier slack) throws Exception {
        return knownReport(slack, false);
    }

    /** Sizes of the nightly backups {@link #knownReport(RecordingNotifier, boolean)} writes, 11-27 to 11-29. */
    static final int[] BACKUP_ROWS = {400, 800, 200};

    /**
     * The same, and with {@code busy} also a backup set of three nights (sizes from {@link #BACKUP_ROWS}) verified by the real
     * backups job, and a (fake) HubSpot token committed on 11-27 that the real secrets job finds on 11-28.
     */
    RunRecord knownReport(RecordingNotifier slack, boolean busy) throws Exception {
        GitScript git = DoraKnownAnswerTest.knownHistory(tmp.resolve("deals"));
        MutableClock clock = MutableClock.at("2026-11-09T00:00:00Z");
        InMemoryStateStore store = new InMemoryStateStore(clock);
        DoraKnownAnswerTest.incidentsThroughThePipeline(store, clock);
        PatrolConfig config = config(tmp.resolve("reports"), git.dir());
        ObjectStores stores = new ObjectStores(List.of(new LocalFileStore()));
        if (busy) {
            Path backups = Files.createDirectories(tmp.resolve("backups"));
            for (int i = 0; i < BACKUP_ROWS.length; i++) {
                Instant night = Instant.parse("2026-11-27T02:00:00Z").plus(Duration.ofDays(i));
                Path f = Files.write(backups.resolve("pipeline_2026112" + (7 + i) + ".csv.gz"),
                        dev.patrol.backups.Fixtures.gzip(dev.patrol.backups.Fixtures.csv(BACKUP_ROWS[i])));
                Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(night));
            }
            config = new PatrolConfig(config.name(), config.source(), config.state(), config.aws(), config.alerts(), config.health(),
                    List.of(new dev.patrol.config.BackupSetConfig("pipeline-csv", backups.toString(), "pipeline_{yyyyMMdd}.csv.gz",
                            Duration.ofDays(1), Duration.ofHours(26), Duration.ofDays(90), 1, "auto", Severity.P1, null, false, 1)),
                    config.secrets(), config.reports());
            git.at("2026-11-27T09:00:00Z").commit("CRM sync", "sync.py", "HUBSPOT = \"pat-" + "na1-" + java.util.UUID.randomUUID() + "\"\n");
            clock.set(Instant.parse("2026-11-28T06:00:00Z"));
            new Pipeline(new RunContext(config, store, stores, SecretValue::raw, clock, null), Map.of())
                    .run(dev.patrol.jobs.JobCatalog.standard().get("secrets"), RunOptions.all());
            clock.set(Instant.parse("2026-11-29T06:00:00Z"));
            new Pipeline(new RunContext(config, store, stores, SecretValue::raw, clock, null), Map.of())
                    .run(dev.patrol.jobs.JobCatalog.standard().get("backups"), RunOptions.all());
        }
        clock.set(Instant.parse("2026-11-30T00:00:00Z"));
        RunContext context = new RunContext(config, store, stores, SecretValue::raw, clock, null);
        return new Pipeline(context, Map.of("slack", slack)).run(new ReportJob(), RunOptions.all());
    }

    @Test
    void writesTheReportInEveryFormatAndSendsTheDigestWithALink() throws Exception {
        RecordingNotifier slack = new RecordingNotifier("slack");
        RunRecord run = knownReport(slack);
        Path out = tmp.resolve("reports");

        assertThat(run.results()).extracting(RunRecord.Result::target, RunRecord.Result::kind, RunRecord.Result::status)
                .containsExactly(tuple("deals", "repo", "ok"), tuple("ghost", "repo", "error"), tuple("digest", "report", "ok"));
        assertThat(run.results().get(1).message()).contains("not a directory or a repository URL").contains("no-such-repo");
        assertThat(run.results().get(0).message()).contains("5 deployments").contains("change failure rate low");
        for (String folder : List.of("2026/11/30", "latest")) {
            for (String f : List.of("report.html", "report.md", "report.json")) assertThat(out.resolve(folder).resolve(f)).isNotEmptyFile();
        }

        JsonNode doc = Json.MAPPER.readTree(Files.readString(out.resolve("latest/report.json")));
        assertThat(doc.path("window").path("from").asString()).isEqualTo("2026-11-02T00:00:00Z");
        JsonNode deals = doc.path("repos").get(0);
        assertThat(deals.path("repo").asString()).isEqualTo("deals");
        assertThat(deals.path("dora").path("benchmark").asString()).isEqualTo("DORA 2023");
        assertThat(deals.path("dora").path("deploymentFrequency").path("perWeek").asDouble()).isEqualTo(1.25);
        assertThat(deals.path("dora").path("leadTime").path("medianHours").asDouble()).isEqualTo(2.0);
        assertThat(deals.path("dora").path("changeFailureRate").path("rate").asDouble()).isEqualTo(0.4);
        assertThat(deals.path("dora").path("timeToRestore").path("medianMinutes").asDouble()).isEqualTo(75.0);
        assertThat(deals.path("scorecard").path("categories")).hasSize(8);
        assertThat(deals.path("scorecard").path("band").asString()).isIn("manual", "repeatable", "defined", "managed", "optimized");
        JsonNode ghost = doc.path("repos").get(1);
        assertThat(ghost.path("error").asString()).contains("no-such-repo");
        // The contract's names are there for every repository: null when it could not be read, never missing
        assertThat(ghost.has("scorecard") && ghost.get("scorecard").isNull()).as(ghost.toString()).isTrue();
        assertThat(ghost.has("dora") && ghost.get("dora").isNull()).as(ghost.toString()).isTrue();
        // An inconclusive check is null in the document, never a zero and never missing
        JsonNode activity = null;
        for (JsonNode c : deals.path("scorecard").path("categories")) for (JsonNode k : c.path("checks")) if (k.path("id").asString().equals("activity")) activity = k;
        assertThat(activity.has("score")).isTrue();
        assertThat(activity.get("score").isNull()).isTrue();
        assertThat(activity.path("reason").asString()).contains("less than 90 days ago");
        assertThat(doc.path("digest").path("jobs").path("health").path("targets").get(0).path("name").asString()).isEqualTo("backend");
        assertThat(doc.path("digest").path("since").asString()).isEqualTo("2026-11-29T00:00:00Z");

        String html = Files.readString(out.resolve("2026/11/30/report.html"));
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
                .contains("Revert &quot;risky &lt;script&gt;alert(1)&lt;/script&gt; change&quot;").doesNotContain("<script")
                .contains("acme &lt;b&gt;").contains("<svg").contains("data-chart=\"dora-deals\"");
        // The top of the page: what to look at, linked to its place; the title says how many; times in words, with their zone
        assertThat(html).contains("<title>1 to look at · acme &lt;b&gt; · Patrol report · 2026-11-30</title>")
                .contains("<h2 id=\"attention-title\">Needs attention today (1)</h2>")
                .contains("<span class=\"word\">UNREADABLE</span> <a href=\"#repo-ghost\"><strong>repository ghost</strong></a>")
                .contains("<h2 id=\"repo-ghost\">").contains("generated <time datetime=\"2026-11-30T00:00:00Z\">Mon 30 Nov 2026, 00:00 UTC</time>")
                .doesNotContain(">2026-11-30T00:00:00Z<");
        String md = Files.readString(out.resolve("latest/report.md"));
        assertThat(md).contains("Generated Mon 30 Nov 2026, 00:00 UTC, window").contains("## Needs attention today (1)\n\n1. **UNREADABLE** repository ghost: ")
                .contains("| Change failure rate | 40% | low | 2 of 5 failed |").contains("risky &lt;script&gt;alert\\(1\\)&lt;/script&gt; change");

        // The unreadable repository goes DOWN once, like any target Patrol cannot check; the digest goes out as well.
        assertThat(slack.delivered()).extracting(Alert::target, Alert::transition)
                .containsExactlyInAnyOrder(tuple("ghost", Transition.DOWN), tuple("digest", Transition.DIGEST));
        Alert digest = slack.delivered().stream().filter(a -> a.transition() == Transition.DIGEST).findFirst().orElseThrow();
        assertThat(digest.transition()).isEqualTo(Transition.DIGEST);
        assertThat(digest.target()).isEqualTo("digest");
        assertThat(digest.link()).isEqualTo(out.resolve("2026/11/30/report.html").toUri().toString());
        // The message leads with what needs a person (the repository Patrol cannot read), then the good news, then the link
        assertThat(digest.title()).isEqualTo("[acme <b>] Daily digest 2026-11-30: 1 to look at");
        assertThat(digest.text().lines().toList()).hasSize(4).satisfies(lines -> {
            assertThat(lines.get(0)).isEqualTo("Needs attention (1):");
            assertThat(lines.get(1)).startsWith("• UNREADABLE repository ghost: ").contains("no-such-repo");
            assertThat(lines.get(2)).isEqualTo("Also: 1 of 1 health target up now; No new secret findings");
            assertThat(lines.get(3)).startsWith("Report: file:").endsWith("2026/11/30/report.html");
        });
        assertThat(digest.facts()).containsEntry("ghost", "could not be read");
    }

    @Test
    void aTagMovedBackBetweenTwoRunsIsARollbackOfTheDeploymentItLeft() throws Exception {
        GitScript git = new GitScript(tmp.resolve("deals"));
        String good = DoraKnownAnswerTest.goodThenBad(git);
        MutableClock clock = MutableClock.at("2026-11-11T10:00:00Z");
        InMemoryStateStore store = new InMemoryStateStore(clock);
        Path out = tmp.resolve("reports");
        RunContext context = new RunContext(config(out, git.dir()), store, new ObjectStores(List.of(new LocalFileStore())), SecretValue::raw, clock, null);
        new Pipeline(context, Map.of()).run(new ReportJob(), new RunOptions(List.of("deals"), false));
        assertThat(store.get("report#deals", "tags")).isPresent(); // where the tags pointed, remembered

        git.git("tag", "-f", "v1.1.0", good);
        clock.set(Instant.parse("2026-11-11T12:00:00Z"));
        new Pipeline(context, Map.of()).run(new ReportJob(), new RunOptions(List.of("digest"), false));

        JsonNode deals = Json.MAPPER.readTree(Files.readString(out.resolve("latest/report.json"))).path("repos").get(0).path("dora");
        List<String> deployments = new java.util.ArrayList<>();
        deals.path("deploymentFrequency").path("evidence").forEach(d -> deployments.add(d.path("ref").asString() + " " + d.path("rollback").asBoolean()
                + " " + d.path("time").asString()));
        assertThat(deployments).containsExactly("v1.0.0 false 2026-11-10T09:00:00Z", "v1.1.0 (moved) false 2026-11-11T09:00:00Z",
                "v1.1.0 true 2026-11-11T12:00:00Z");
        assertThat(deals.path("changeFailureRate").path("evidence").get(0).path("cause").asString()).isEqualTo("rollback");
        assertThat(deals.path("changeFailureRate").path("failed").asInt()).isEqualTo(1);
    }
}

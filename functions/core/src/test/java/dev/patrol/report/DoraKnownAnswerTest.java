package dev.patrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.patrol.alert.Severity;
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
import dev.patrol.pipeline.ScriptedJob;
import dev.patrol.pipeline.Status;
import dev.patrol.report.dora.Benchmark;
import dev.patrol.report.dora.DeploymentSpec;
import dev.patrol.report.dora.Dora;
import dev.patrol.report.dora.DoraCalculator;
import dev.patrol.report.dora.GitHistory;
import dev.patrol.report.dora.Incident;
import dev.patrol.report.dora.IncidentHistory;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history made with real git, with exact times, and incidents that went through the real
 * pipeline: every DORA number and bucket is known in advance.
 *
 * <pre>
 * 10-20 10:00 c0            v0.9.0 (lightweight, before the window)
 * 11-03 08:00 c1, 10:00 c2  v1.0.0 annotated 11-03 12:00  ships c1 (4 h), c2 (2 h)
 * 11-05 09:00 c3 (feature), 10:00 c4 (main), 11:00 merge M
 *                           v1.1.0 lightweight = 11:00    ships c3 (2 h), c4 (1 h), M (0 h: dropped)
 * 11-05 15:00 c5 reverts c4 v1.1.1 annotated 16:00        ships c5 (1 h); v1.1.0 failed: revert + hotfix
 * 11-10 09:00 c6            v1.2.0 annotated 12:00        ships c6 (3 h); failed: backend down 13:00–13:30
 * 11-20 09:00 c7            v1.3.0 annotated 10:00        ships c7 (1 h)
 * 11-25 08:00–10:00 backend down again: no deployment in the 24 h before it
 * 11-26 c8 never deployed; release-x does not match tag:v*
 * </pre>
 */
class DoraKnownAnswerTest {
    static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-30T00:00:00Z");

    @TempDir
    static Path tmp;
    static GitScript git;
    static String c4;

    @BeforeAll
    static void history() throws Exception {
        git = knownHistory(tmp.resolve("deals"));
    }

    /** The history drawn above, made with git in {@code dir}. */
    static GitScript knownHistory(Path dir) throws Exception {
        GitScript git = new GitScript(dir);
        git.at("2026-10-20T10:00:00Z").commit("initial", "app.txt", "0\n");
        git.git("tag", "v0.9.0");
        git.at("2026-11-03T08:00:00Z").commit("feature a", "a.txt", "a\n");
        git.at("2026-11-03T10:00:00Z").commit("feature b", "b.txt", "b\n");
        git.at("2026-11-03T12:00:00Z").git("tag", "-a", "v1.0.0", "-m", "release 1.0.0");
        git.git("checkout", "-q", "-b", "feature");
        git.at("2026-11-05T09:00:00Z").commit("feature c on a branch", "c.txt", "c\n");
        git.git("checkout", "-q", "main");
        c4 = git.at("2026-11-05T10:00:00Z").commit("risky <script>alert(1)</script> change", "app.txt", "risky\n");
        git.at("2026-11-05T11:00:00Z").git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
        git.git("tag", "v1.1.0");
        git.at("2026-11-05T15:00:00Z").git("revert", "--no-edit", c4);
        git.at("2026-11-05T16:00:00Z").git("tag", "-a", "v1.1.1", "-m", "hotfix");
        git.at("2026-11-10T09:00:00Z").commit("feature d", "d.txt", "d\n");
        git.at("2026-11-10T12:00:00Z").git("tag", "-a", "v1.2.0", "-m", "release 1.2.0");
        git.at("2026-11-20T09:00:00Z").commit("feature e <script>alert(1)</script>", "e.txt", "e\n");
        git.at("2026-11-20T10:00:00Z").git("tag", "-a", "v1.3.0", "-m", "release 1.3.0");
        git.git("tag", "release-x");
        git.at("2026-11-26T09:00:00Z").commit("not deployed yet", "f.txt", "f\n");
        return git;
    }

    static List<Incident> incidentsThroughThePipeline(InMemoryStateStore store, MutableClock clock) {
        ScriptedJob health = new ScriptedJob("health").target("backend", Severity.P1, 1).target("other", Severity.P3, 1);
        Pipeline pipeline = new Pipeline(new RunContext(config(), store, new ObjectStores(List.of()), SecretValue::raw, clock, null), Map.of());
        clock.set(Instant.parse("2026-11-09T00:00:00Z"));
        pipeline.run(health, RunOptions.all());
        step(pipeline, health, clock, "2026-11-10T13:00:00Z", "backend", Status.FAIL);
        step(pipeline, health, clock, "2026-11-10T13:30:00Z", "backend", Status.OK);
        step(pipeline, health, clock, "2026-11-20T11:00:00Z", "other", Status.FAIL); // not one of the repo's services
        step(pipeline, health, clock, "2026-11-25T08:00:00Z", "backend", Status.FAIL);
        step(pipeline, health, clock, "2026-11-25T10:00:00Z", "backend", Status.OK);
        return IncidentHistory.read(store, List.of("backend"));
    }

    private static void step(Pipeline p, ScriptedJob job, MutableClock clock, String at, String target, Status status) {
        clock.set(Instant.parse(at));
        job.answer(target, status);
        p.run(job, RunOptions.all());
    }

    static PatrolConfig config() {
        return new PatrolConfig("acme", null, new StateConfig(null, Path.of(".patrol")), new AwsConfig(null, null),
                new AlertsConfig(Severity.P3, null, null, null), HealthConfig.empty(), List.of(), SecretsConfig.empty(),
                new ReportsConfig(null));
    }

    private static Dora dora(Benchmark benchmark, List<Incident> incidents) throws Exception {
        try (Repository repo = new FileRepositoryBuilder().findGitDir(git.dir().toFile()).build()) {
            GitHistory h = GitHistory.read(repo, DeploymentSpec.parse("tag:v*"));
            return new DoraCalculator(benchmark, Duration.ofHours(24)).compute("tag:v*", h.deployments(), h.reverts(), incidents, FROM, TO);
        }
    }

    @Test
    void everyMetricOfAKnownHistory() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-09T00:00:00Z");
        List<Incident> incidents = incidentsThroughThePipeline(new InMemoryStateStore(clock), clock);
        assertThat(incidents).extracting(Incident::target, Incident::minutes).containsExactly(tuple("backend", 30L), tuple("backend", 120L));

        Dora d = dora(Benchmark.DORA_2023, incidents);

        assertThat(d.benchmark()).isEqualTo("DORA 2023");
        assertThat(d.deploymentFrequency().deployments()).isEqualTo(5);
        assertThat(d.deploymentFrequency().perWeek()).isEqualTo(1.25);
        assertThat(d.deploymentFrequency().medianDeployDaysPerWeek()).isEqualTo(1.0);
        assertThat(d.deploymentFrequency().bucket()).isEqualTo("high");
        assertThat(d.deploymentFrequency().evidence()).extracting(Dora.DeploymentRow::ref, Dora.DeploymentRow::changes,
                Dora.DeploymentRow::failed).containsExactly(tuple("v1.0.0", 2, false), tuple("v1.1.0", 3, true),
                tuple("v1.1.1", 1, false), tuple("v1.2.0", 1, true), tuple("v1.3.0", 1, false));
        assertThat(d.deploymentFrequency().evidence().get(0).time()).isEqualTo("2026-11-03T12:00:00Z"); // the tagger's date
        assertThat(d.deploymentFrequency().evidence().get(1).time()).isEqualTo("2026-11-05T11:00:00Z"); // the commit's date

        assertThat(d.leadTime().changes()).isEqualTo(7);
        assertThat(d.leadTime().medianHours()).isEqualTo(2.0);
        assertThat(d.leadTime().bucket()).isEqualTo("elite");
        assertThat(d.leadTime().evidence()).extracting(Dora.ChangeRow::leadHours).containsExactlyInAnyOrder(4.0, 2.0, 2.0, 1.0, 1.0, 3.0, 1.0);
        assertThat(d.leadTime().evidence()).extracting(Dora.ChangeRow::sha).contains(c4).doesNotContain(git.git("rev-parse", "v1.1.0"));

        assertThat(d.changeFailureRate().failed()).isEqualTo(2);
        assertThat(d.changeFailureRate().deployments()).isEqualTo(5);
        assertThat(d.changeFailureRate().rate()).isEqualTo(0.4);
        assertThat(d.changeFailureRate().bucket()).isEqualTo("low");
        assertThat(d.changeFailureRate().evidence()).extracting(Dora.FailureRow::deployment, Dora.FailureRow::cause, Dora.FailureRow::by)
                .containsExactly(tuple("v1.1.0", "revert", git.git("rev-parse", "v1.1.1^{commit}")), tuple("v1.1.0", "hotfix", "v1.1.1"),
                        tuple("v1.2.0", "incident", "backend"));

        assertThat(d.timeToRestore().incidents()).isEqualTo(2);
        assertThat(d.timeToRestore().medianMinutes()).isEqualTo(75.0);
        assertThat(d.timeToRestore().bucket()).isEqualTo("high");

        assertThat(d.weeks()).hasSize(4);
        assertThat(d.weeks()).extracting(Dora.Week::deployments, Dora.Week::deployDays, Dora.Week::failed, Dora.Week::incidents)
                .containsExactly(tuple(3, 2, 1, 0), tuple(1, 1, 1, 1), tuple(1, 1, 0, 0), tuple(0, 0, 0, 1));
        assertThat(d.weeks().get(0).medianLeadHours()).isEqualTo(2.0);
        assertThat(d.weeks().get(3).medianRestoreMinutes()).isEqualTo(120.0);
    }

    @Test
    void theOlderTableHasAStricterEliteLeadTime() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-09T00:00:00Z");
        Dora d = dora(Benchmark.DORA_2021, incidentsThroughThePipeline(new InMemoryStateStore(clock), clock));
        assertThat(d.benchmark()).isEqualTo("DORA 2021");
        assertThat(d.leadTime().medianHours()).isEqualTo(2.0);
        assertThat(d.leadTime().bucket()).isEqualTo("high");
        assertThat(d.changeFailureRate().bucket()).isEqualTo("low");
    }

    @Test
    void withoutIncidentsOrWithOneDeploymentTheNumbersAreAbsent() throws Exception {
        Dora none = dora(Benchmark.DORA_2023, List.of());
        assertThat(none.timeToRestore().bucket()).isEqualTo("insufficient");
        assertThat(none.timeToRestore().medianMinutes()).isNull();
        assertThat(none.timeToRestore().incidents()).isZero();
        assertThat(none.changeFailureRate().failed()).isEqualTo(1); // the revert and the hotfix still count

        GitScript lonely = new GitScript(tmp.resolve("lonely"));
        lonely.at("2026-11-10T09:00:00Z").commit("only", "a.txt", "a\n");
        lonely.at("2026-11-10T10:00:00Z").git("tag", "-a", "v1.0.0", "-m", "one");
        try (Repository repo = new FileRepositoryBuilder().findGitDir(lonely.dir().toFile()).build()) {
            GitHistory h = GitHistory.read(repo, DeploymentSpec.parse("tag:v*"));
            Dora d = new DoraCalculator(Benchmark.DORA_2023, Duration.ofHours(24)).compute("tag:v*", h.deployments(), h.reverts(), List.of(), FROM, TO);
            assertThat(d.deploymentFrequency().deployments()).isEqualTo(1);
            assertThat(d.deploymentFrequency().perWeek()).isNull();
            assertThat(d.deploymentFrequency().bucket()).isEqualTo("insufficient");
            assertThat(d.leadTime().medianHours()).isNull();
            assertThat(d.leadTime().bucket()).isEqualTo("insufficient");
            assertThat(d.changeFailureRate().rate()).isNull();
            assertThat(d.changeFailureRate().bucket()).isEqualTo("insufficient");
        }
    }

    @Test
    void anIncidentShorterThanAMinuteIsBackedByItsOwnDurationNotAZero() throws Exception {
        Instant down = Instant.parse("2026-11-10T13:00:00Z");
        Dora d = dora(Benchmark.DORA_2023, List.of(new Incident("backend", down, down.plusSeconds(14))));
        assertThat(d.timeToRestore().medianMinutes()).isEqualTo(0.23);
        assertThat(d.timeToRestore().evidence()).extracting(Dora.IncidentRow::minutes).containsExactly(0.23);
    }

    @Test
    void eachFirstParentCommitOfABranchIsADeployment() throws Exception {
        try (Repository repo = new FileRepositoryBuilder().findGitDir(git.dir().toFile()).build()) {
            GitHistory h = GitHistory.read(repo, DeploymentSpec.parse("branch:main"));
            Dora d = new DoraCalculator(Benchmark.DORA_2023, Duration.ofHours(24)).compute("branch:main", h.deployments(), h.reverts(), List.of(), FROM, TO);
            // c1 c2 c4 M c5 c6 c7 c8 on main's first-parent line in the window; c3 ships with the merge, 2 h after it was made
            assertThat(d.deploymentFrequency().deployments()).isEqualTo(8);
            assertThat(d.leadTime().changes()).isEqualTo(1);
            assertThat(d.leadTime().medianHours()).isEqualTo(2.0);
            // the revert of c4 came 5 h after c4 was deployed
            assertThat(d.changeFailureRate().evidence()).extracting(Dora.FailureRow::cause).containsExactly("revert");
        }
    }

    /** v1.0.0 (lightweight) on a good commit of 11-10 09:00, v1.1.0 (lightweight) on a bad one of 11-11 09:00; returns the good one. */
    static String goodThenBad(GitScript git) throws Exception {
        String good = git.at("2026-11-10T09:00:00Z").commit("good", "a.txt", "a\n");
        git.at("2026-11-10T10:00:00Z").git("tag", "v1.0.0");
        git.at("2026-11-11T09:00:00Z").commit("bad", "a.txt", "b\n");
        git.at("2026-11-11T10:00:00Z").git("tag", "v1.1.0");
        return good;
    }

    @Test
    void aTagMovedToAnOlderCommitIsARollback() throws Exception {
        GitScript moved = new GitScript(tmp.resolve("moved"));
        String good = goodThenBad(moved);
        try (Repository repo = new FileRepositoryBuilder().findGitDir(moved.dir().toFile()).build()) {
            GitHistory first = GitHistory.read(repo, DeploymentSpec.parse("tag:v*"), List.of(), Instant.parse("2026-11-11T11:00:00Z"));
            moved.git("tag", "-f", "v1.1.0", good); // a lightweight tag moved back: git keeps no trace of where it was
            repo.getRefDatabase().refresh();
            GitHistory second = GitHistory.read(repo, DeploymentSpec.parse("tag:v*"), first.positions(), Instant.parse("2026-11-11T12:00:00Z"));
            assertThat(second.deployments()).extracting(d -> d.ref(), d -> d.rollback(), d -> d.time().toString())
                    .containsExactly(tuple("v1.0.0", false, "2026-11-10T09:00:00Z"), tuple("v1.1.0 (moved)", false, "2026-11-11T09:00:00Z"),
                            tuple("v1.1.0", true, "2026-11-11T12:00:00Z"));
            Dora d = new DoraCalculator(Benchmark.DORA_2023, Duration.ofHours(24)).compute("tag:v*", second.deployments(), second.reverts(), List.of(), FROM, TO);
            assertThat(d.changeFailureRate().evidence()).extracting(Dora.FailureRow::deployment, Dora.FailureRow::cause)
                    .containsExactly(tuple("v1.1.0 (moved)", "rollback"));
            // the third look keeps the same story
            GitHistory third = GitHistory.read(repo, DeploymentSpec.parse("tag:v*"), second.positions(), Instant.parse("2026-11-12T12:00:00Z"));
            assertThat(third.deployments()).extracting(x -> x.ref(), x -> x.time().toString()).isEqualTo(
                    second.deployments().stream().map(x -> tuple(x.ref(), x.time().toString())).toList());
        }
    }
}

package dev.patrol.backups;

import static dev.patrol.backups.BackupSetFolder.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Severity;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.PatrolConfig;
import dev.patrol.jobs.JobCatalog;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.Status;
import dev.patrol.pipeline.Target;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backups job maps each configured set to a target and the verifier's verdict to an observation. */
class BackupsJobTest {
    @TempDir
    Path tmp;

    @Test
    void oneTargetPerSetWithItsSeverityAndFailAfterAndTheVerdictAsObservation() throws Exception {
        BackupSetFolder good = new BackupSetFolder(tmp.resolve("good")).daily(5);
        BackupSetFolder gap = new BackupSetFolder(tmp.resolve("gap")).daily(5);
        gap.remove(2);
        RunContext context = context("""
                backups:
                  - { name: pipeline-csv, location: good/, pattern: "pipeline_{yyyyMMdd}.csv.gz", every: 1d, maxAge: 26h }
                  - { name: gap, location: gap/, pattern: "pipeline_{yyyyMMdd}.csv.gz", every: 1d, severity: P2, failAfter: 3 }
                """);
        BackupsJob job = new BackupsJob();

        List<? extends Target> targets = job.targets(context);
        assertThat(targets).extracting(Target::name).containsExactly("pipeline-csv", "gap");
        assertThat(targets).extracting(Target::kind).containsOnly("backup");
        assertThat(targets.get(1).severity()).isEqualTo(Severity.P2);
        assertThat(targets.get(1).failAfter()).isEqualTo(3);

        Observation ok = job.observe(targets.get(0), context);
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.message()).startsWith("5 backups, newest " + good.name(0));

        Observation fail = job.observe(targets.get(1), context);
        assertThat(fail.status()).isEqualTo(Status.FAIL);
        assertThat(fail.message()).startsWith("no backup for 2026-11-20");
        assertThat(fail.details()).containsEntry("missing", List.of("2026-11-20")).containsKey("problems");
        @SuppressWarnings("unchecked")
        Map<String, Object> problem = ((List<Map<String, Object>>) fail.details().get("problems")).getFirst();
        assertThat(problem).containsEntry("check", "periods").containsEntry("status", "fail");
    }

    @Test
    void anUnreadableSetIsAnErrorNotAFailure() {
        BackupResult error = BackupResult.of("s", null, Map.of(), List.of(Problem.error(Problem.Check.LISTING, null, "throttled")));
        assertThat(BackupsJob.observation(error).status()).isEqualTo(Status.ERROR);
        assertThat(BackupsJob.observation(error).message()).isEqualTo("throttled");
    }

    @Test
    void theCatalogRunsBackupsAfterHealth() {
        assertThat(JobCatalog.standard().keySet()).containsSubsequence("health", "backups");
        assertThat(JobCatalog.standard().get("backups").parallelism()).isBetween(2, 8);
    }

    private RunContext context(String yml) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        PatrolConfig config = ConfigLoader.parse(yml, "patrol.yml", tmp);
        return new RunContext(config, new InMemoryStateStore(clock), ObjectStores.of(new LocalFileStore()), null, clock, null);
    }
}

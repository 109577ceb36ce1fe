package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the real {@code patrol} process does when something goes wrong that no message was written
 * for: a bug in one job, a library that swallowed the JVM running out of memory, a scan that cannot
 * start while a script reads its report from stdout, and the debris a killed writer left behind.
 * A user must read what happened in words (never a class name), a script must still get one document,
 * and one broken job never stops the others.
 */
class UnexpectedFailuresIT {
    /** Class names of exceptions, as Patrol printed them before ("internal error: LocalDBAccessException: …"). */
    private static final String CLASS_NAME = "[A-Z][A-Za-z]+(Exception|Error)\\b";

    @TempDir
    Path dir;

    private void config() throws Exception {
        Files.createDirectories(dir.resolve("backups"));
        Files.writeString(dir.resolve("patrol.yml"), """
                name: bugs
                alerts: { file: alerts.jsonl }
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:1/health", timeout: 2s, failAfter: 1 }
                backups:
                  - { name: db, location: backups/, pattern: "db_{yyyyMMdd}.csv", every: 1d, maxAge: 26h, restore: none }
                """);
    }

    /**
     * Patrol has no known bug to provoke, so one is injected: {@code PATROL_CRASH_POINT=fail:job:backups}
     * makes the backups job throw a NullPointerException with no message as it begins, as a bug would.
     * Before, the whole of {@code run all} ended with one internal-error document, and health, secrets and
     * report never ran (and the user read "NullPointerException").
     */
    @Test
    void aBugInOneJobOfRunAllIsThatJobsErrorRecordAndTheOtherJobsStillRun() throws Exception {
        config();
        PatrolProcess.Result all = PatrolProcess.run(dir, Map.of("PATROL_CRASH_POINT", "fail:job:backups"), "run", "all", "--json");

        assertThat(all.exit()).as(all.err()).isEqualTo(3); // a job that could not run
        JsonNode doc = Json.MAPPER.readTree(all.out());
        assertThat(doc.get("job").asString()).isEqualTo("all");
        assertThat(doc.get("status").asString()).isEqualTo("error");
        List<String> jobs = new ArrayList<>();
        for (JsonNode run : doc.get("runs")) {
            jobs.add(run.get("job").asString() + ":" + run.get("status").asString());
        }
        assertThat(jobs).containsExactly("health:problems", "backups:error", "secrets:ok", "report:ok");
        assertThat(doc.get("runs").get(1).get("error").asString()).contains("internal error (a Patrol bug)").contains("please report it")
                .doesNotContainPattern(CLASS_NAME);
        assertThat(all.err()).contains("patrol: backups could not run: internal error (a Patrol bug)").doesNotContainPattern(CLASS_NAME)
                .doesNotContain("\tat ");
        assertThat(Files.readString(dir.resolve("alerts.jsonl"))).as("health, after the broken job, still alerted").contains("\"target\":\"backend\"");

        PatrolProcess.Result one = PatrolProcess.run(dir, Map.of("PATROL_CRASH_POINT", "fail:job:health"), "run", "health");
        assertThat(one.exit()).isEqualTo(3);
        assertThat(one.err()).contains("patrol: health could not run: internal error (a Patrol bug): an unexpected problem with no description")
                .doesNotContainPattern(CLASS_NAME);
    }

    /**
     * {@code PATROL_CRASH_POINT=fail:observe} makes each check throw as a bug would. The crashed check is
     * the target's error result; before, its details said {@code "exception": "NullPointerException"},
     * a class name that reached {@code run --json}, the reports and whoever read them.
     */
    @Test
    void aCheckThatCrashesIsAnErrorResultWhoseDetailsSayWhatToDoNotAClassName() throws Exception {
        config();
        PatrolProcess.Result run = PatrolProcess.run(dir, Map.of("PATROL_CRASH_POINT", "fail:observe"), "run", "health", "--json");

        assertThat(run.exit()).as(run.err()).isEqualTo(1); // the target could not be checked: a problem, not a run that failed
        JsonNode result = Json.MAPPER.readTree(run.out()).get("results").get(0);
        assertThat(result.get("target").asString()).isEqualTo("backend");
        assertThat(result.get("status").asString()).isEqualTo("error");
        assertThat(result.get("message").asString()).isEqualTo("could not check backend: an unexpected problem with no description");
        assertThat(result.get("details").get("cause").asString()).isEqualTo("internal");
        assertThat(result.get("details").get("hint").asString()).contains("PATROL_LOG=debug").contains("please report it");
        assertThat(run.out()).doesNotContainPattern(CLASS_NAME).doesNotContain("\"exception\"");
        assertThat(run.err()).doesNotContainPattern(CLASS_NAME).doesNotContain("\tat ");
    }

    /**
     * With a heap this small, the run runs out of memory inside DynamoDB Local, which catches the
     * OutOfMemoryError and rethrows its message without the cause; others wrap it as a message
     * ("java.lang.OutOfMemoryError: Java heap space"). Before: "internal error: LocalDBAccessException: Java
     * heap space" or "internal error: IllegalStateException: java.lang.OutOfMemoryError: …". Where in the
     * start-up the heap runs out varies with the machine: each heap here either ran (exit 1) or says the
     * one out-of-memory line, and never an internal error or a class name.
     */
    @Test
    void runningOutOfMemoryInsideALibraryIsTheOutOfMemoryLineNeverAClassName() throws Exception {
        config();
        int starved = 0;
        for (String heap : List.of("-Xmx14m", "-Xmx15m", "-Xmx16m", "-Xmx17m")) {
            PatrolProcess.Result r = PatrolProcess.run(dir, Map.of("JDK_JAVA_OPTIONS", heap + " -Xlog:disable -XX:-PrintWarnings"),
                    "run", "health", "--json");
            assertThat(r.err()).as(heap).doesNotContain("internal error").doesNotContainPattern(CLASS_NAME).doesNotContain("\tat ");
            if (r.exit() == 1) continue;
            starved++;
            assertThat(r.exit()).as(heap + ": " + r.err()).isEqualTo(3);
            assertThat(r.err()).as(heap).contains("patrol: ran out of memory (").contains("PATROL_JAVA_OPTS=-Xmx");
            assertThat(r.out().lines().count()).as(heap + ": one document on stdout").isEqualTo(1);
            assertThat(Json.MAPPER.readTree(r.out()).get("error").get("kind").asString()).as(heap).isEqualTo("memory");
        }
        assertThat(starved).as("at least one heap was too small").isPositive();
    }

    /**
     * A scan that cannot start (here: no such folder) while a script reads the report from stdout. The JSON
     * report is an object, so the error document ({"status":"error",…}) is one document beside it; SARIF has
     * its own way (a run whose invocation did not succeed); the gitleaks report is a bare array, and any
     * array would read as "no leaks", so stdout stays empty, as gitleaks leaves it. Before: nothing on stdout for all three.
     */
    @Test
    void aScanThatCannotStartPrintsOneDocumentInTheFormatsThatCanSayIt() throws Exception {
        PatrolProcess.Result json = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "no-such-repo", "--format", "json");
        assertThat(json.exit()).isEqualTo(2);
        JsonNode error = Json.MAPPER.readTree(json.out());
        assertThat(error.get("status").asString()).isEqualTo("error");
        assertThat(error.get("error").get("exitCode").asInt()).isEqualTo(2);
        assertThat(error.get("error").get("message").asString()).contains("no-such-repo");

        PatrolProcess.Result sarif = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "no-such-repo", "--format=sarif");
        assertThat(sarif.exit()).isEqualTo(2);
        JsonNode log = Json.MAPPER.readTree(sarif.out());
        assertThat(log.get("version").asString()).isEqualTo("2.1.0");
        JsonNode invocation = log.get("runs").get(0).get("invocations").get(0);
        assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
        assertThat(invocation.get("toolExecutionNotifications").get(0).get("level").asString()).isEqualTo("error");
        assertThat(log.get("runs").get(0).get("results")).isEmpty();

        PatrolProcess.Result gitleaks = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "no-such-repo", "--format", "gitleaks");
        assertThat(gitleaks.exit()).isEqualTo(2);
        assertThat(gitleaks.out()).isEmpty();
        assertThat(gitleaks.err()).contains("no-such-repo");

        PatrolProcess.Result toFile = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "no-such-repo", "--format", "json", "--output", "r.json");
        assertThat(toFile.out()).as("the report was to go to a file: stdout holds none").isEmpty();
    }

    /**
     * A killed {@code backup snapshot} leaves its partial copy ({@code .NAME.PID.RANDOM.patrol-tmp}, 130 MB once) in
     * the backup folder; a dated name is never written again, so removing it only at the next write of the same
     * file (before) left it for good. Now any command's start removes it, unless its writer is still alive: a
     * concurrent snapshot's partial copy (here: one named for this test's own, live, JVM) stays.
     */
    @Test
    void aKilledWritersPartialCopyGoesAtTheNextStartAndALiveWritersStays() throws Exception {
        config();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path killed = old(Files.createDirectories(dir.resolve("backups/2026/12")).resolve(".db_20261201.csv." + ended.pid() + ".8123.patrol-tmp"));
        Path live = old(dir.resolve("backups/.db_20261203.csv." + ProcessHandle.current().pid() + ".4567.patrol-tmp"));

        PatrolProcess.Result start = PatrolProcess.run(dir, Map.of(), "mutes");

        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(killed).doesNotExist();
        assertThat(live).exists();
    }

    private static Path old(Path file) throws Exception {
        Files.write(file, new byte[4096]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(300)));
        return file;
    }
}

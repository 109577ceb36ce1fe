package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.state.Json;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Embedded state that existed and is now cut short, empty, garbled or gone: the
 * {@code patrol} process stops with exit 3 and one line that names the file and the
 * way back, and never starts afresh (which would raise every open incident again).
 */
class DamagedStateIT {
    @TempDir
    Path dir;
    private TestService service;
    private Path db;

    @BeforeEach
    void backendIsDownAndPatrolHasSaidSo() throws Exception {
        service = new TestService();
        service.healthStatus.set("unhealthy");
        Files.writeString(dir.resolve("patrol.yml"), """
                alerts: { file: alerts.jsonl }
                health:
                  endpoints:
                    - { name: backend, url: "%s", failAfter: 1 }
                """.formatted(service.url("/health")));
        assertThat(PatrolProcess.run(dir, Map.of(), "run", "health").exit()).isEqualTo(1);
        assertThat(alerts()).hasSize(1);
        db = dir.resolve(".patrol/dynamodb");
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        service.close();
    }

    @Test
    void aTruncatedStateFileIsOneLineExit3AndOneJsonDocument() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }

        PatrolProcess.Result text = PatrolProcess.run(dir, Map.of(), "run", "health");
        PatrolProcess.Result json = PatrolProcess.run(dir, Map.of(), "run", "health", "--json");

        assertThat(text.exit()).isEqualTo(3);
        // A diagnostic, on stderr: cron mails stderr, and `patrol run health > /dev/null` must not hide it.
        assertThat(text.out()).as("stdout").isEmpty();
        assertThat(text.err().strip().lines()).as(text.err()).hasSize(1);
        assertThat(text.err()).startsWith("patrol: health could not run: ").contains(db.toString()).contains("cut short")
                .contains("dynamodb.last-good").doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(json.exit()).isEqualTo(3);
        JsonNode doc = CommandLineIT.onlyDocument(json);
        assertThat(doc.path("status").asString()).isEqualTo("error");
        assertThat(doc.path("error").toString()).contains("cut short");
        assertThat(json.err().strip().lines()).as("with --json too, people and cron are told on stderr").singleElement()
                .asString().startsWith("patrol: health could not run: ").contains("cut short");
        assertThat(alerts()).as("no fresh start, no second DOWN").hasSize(1);
    }

    @Test
    void anEmptyOrGarbledStateFileIsAnErrorNeverAFreshStartAndTheLastGoodCopyBringsItBack() throws Exception {
        Path saved = Files.copy(db, dir.resolve("saved"));
        Files.write(db, new byte[0]);
        PatrolProcess.Result empty = PatrolProcess.run(dir, Map.of(), "run", "health");
        assertThat(empty.exit()).isEqualTo(3);
        assertThat(empty.out() + empty.err()).contains("is empty (0 bytes)");

        Files.copy(saved, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(100);
            f.write(new byte[4000]); // pages overwritten, length unchanged: only SQLite can tell
        }
        PatrolProcess.Result garbled = PatrolProcess.run(dir, Map.of(), "run", "health");
        assertThat(garbled.exit()).isEqualTo(3);
        assertThat(garbled.out() + garbled.err()).contains("SQLite cannot read it").doesNotContain("\tat ");
        assertThat(garbled.err().strip().lines()).as("sqlite4java's own stack trace stays off the terminal: " + garbled.err())
                .singleElement().asString().startsWith("patrol: health could not run: ");

        Files.delete(db);
        assertThat(PatrolProcess.run(dir, Map.of(), "run", "health").exit()).as("gone, while a copy says state existed").isEqualTo(3);
        assertThat(alerts()).as("no fresh start, no second DOWN").hasSize(1);

        Files.copy(dir.resolve(".patrol/dynamodb.last-good"), db);
        PatrolProcess.Result restored = PatrolProcess.run(dir, Map.of(), "run", "health");
        assertThat(restored.exit()).isEqualTo(1);
        assertThat(alerts()).as("the restored state still knows backend is DOWN").hasSize(1);
    }

    @Test
    void runAllMeetsTheDamageInEveryJobAndNeverItsOwnLockOnTheFolder() throws Exception {
        Files.write(db, new byte[0]);

        PatrolProcess.Result all = PatrolProcess.run(dir, Map.of(), "run", "all", "--json");
        assertThat(all.exit()).isEqualTo(3);
        JsonNode runs = CommandLineIT.onlyDocument(all).path("runs");
        assertThat(runs).hasSize(4).allSatisfy(r -> assertThat(r.path("error").asString()).contains("is empty (0 bytes)"));
        assertThat(all.err().strip().lines()).as(all.err()).hasSize(4).allMatch(l -> l.matches("patrol: \\w+ could not run: .*is empty.*"));
    }

    @Test
    void aCommandThatMeetsDamagedStateSaysSoOnStderrAndAsOneStateErrorDocument() throws Exception {
        Files.write(db, new byte[0]);

        for (List<String> command : List.of(List.of("mutes", "--json"), List.of("report", "--format", "json"))) {
            PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), command.toArray(String[]::new));
            assertThat(r.exit()).as(command + ": " + r.err()).isEqualTo(3);
            JsonNode doc = CommandLineIT.onlyDocument(r);
            assertThat(doc.path("status").asString()).isEqualTo("error");
            assertThat(doc.at("/error/kind").asString()).as(command + ": one of the kinds the README lists").isEqualTo("state");
            assertThat(doc.at("/error/message").asString()).contains(db.toString()).contains("is empty (0 bytes)");
            assertThat(r.err()).as(command.toString()).startsWith("patrol: the local state ");
        }
    }

    private List<String> alerts() throws Exception {
        return Files.readAllLines(dir.resolve("alerts.jsonl"));
    }
}

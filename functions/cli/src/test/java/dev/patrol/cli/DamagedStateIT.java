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
        String said = text.out() + text.err();
        assertThat(said.strip().lines()).as(said).hasSize(1);
        assertThat(said).contains(db.toString()).contains("cut short").contains("dynamodb.last-good")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(json.exit()).isEqualTo(3);
        JsonNode doc = Json.MAPPER.readTree(json.out());
        assertThat(doc.path("status").asString()).isEqualTo("error");
        assertThat(doc.path("error").toString()).contains("cut short");
        assertThat(json.err()).doesNotContain("\tat ");
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
        assertThat(garbled.err()).as("sqlite4java's own stack trace stays off the terminal").isEmpty();

        Files.delete(db);
        assertThat(PatrolProcess.run(dir, Map.of(), "run", "health").exit()).as("gone, while a copy says state existed").isEqualTo(3);
        assertThat(alerts()).as("no fresh start, no second DOWN").hasSize(1);

        Files.copy(dir.resolve(".patrol/dynamodb.last-good"), db);
        PatrolProcess.Result restored = PatrolProcess.run(dir, Map.of(), "run", "health");
        assertThat(restored.exit()).isEqualTo(1);
        assertThat(alerts()).as("the restored state still knows backend is DOWN").hasSize(1);
    }

    private List<String> alerts() throws Exception {
        return Files.readAllLines(dir.resolve("alerts.jsonl"));
    }
}

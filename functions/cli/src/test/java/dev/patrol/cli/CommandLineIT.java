package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

/**
 * The command line as the contract describes it: every command prints its help, a
 * command line that is wrong is a usage error, and {@code --json} always prints exactly
 * one JSON document, also when the command fails before it starts.
 */
class CommandLineIT {
    @TempDir
    Path dir;

    /** Every command and subcommand of CONTRACT.md's command line. */
    static final List<String> COMMANDS = List.of("run", "run health", "run backups", "run secrets", "run report", "run all", "ping", "mute", "unmute", "mutes", "secrets",
            "secrets scan", "backup", "backup snapshot", "findings", "findings list", "findings ignore", "report", "config",
            "config validate", "invoke");

    @Test
    void everyCommandOfTheContractPrintsItsHelpAndExitsZero() throws Exception {
        for (String command : COMMANDS) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.add("--help");

            PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), args.toArray(String[]::new));

            assertThat(r.exit()).as(command + ": " + r.err()).isZero();
            String name = command.startsWith("run ") ? "run" : command;
            assertThat(r.out()).as(command).startsWith("Usage: patrol " + name);
            assertThat(r.err()).as(command).isEmpty();
        }
        PatrolProcess.Result version = PatrolProcess.run(dir, Map.of(), "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("patrol ");
        assertThat(version.err()).isEmpty();
    }

    @Test
    void patrolAloneAndAScanOfAnEmptyPathAreUsageErrors() throws Exception {
        PatrolProcess.Result alone = PatrolProcess.run(dir, Map.of());
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.out()).isEmpty();
        assertThat(alone.err()).startsWith("Usage: patrol").contains("secrets");

        PatrolProcess.Result empty = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err()).contains("secrets scan needs a repository, a folder or a URL");
    }

    /** The one JSON document on stdout: exactly one, whatever else was printed. */
    static JsonNode onlyDocument(PatrolProcess.Result r) throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(r.out())) {
            it.forEachRemaining(docs::add);
        }
        assertThat(docs).as("stdout: " + r.out() + "\nstderr: " + r.err()).hasSize(1);
        return docs.getFirst();
    }

    private void failsWithOneErrorDocument(int exit, String kind, String expected, Map<String, String> env, String... args) throws Exception {
        PatrolProcess.Result r = PatrolProcess.run(dir, env, args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(exit);
        JsonNode doc = onlyDocument(r);
        assertThat(doc.path("status").asString()).isEqualTo("error");
        assertThat(doc.at("/error/kind").asString()).as(String.join(" ", args)).isEqualTo(kind);
        assertThat(doc.at("/error/exitCode").asInt()).isEqualTo(exit);
        assertThat(doc.at("/error/message").asString() + doc.at("/error/errors")).contains(expected);
        assertThat(r.err()).contains(expected).doesNotContain("Exception").doesNotContain("@");
    }

    @Test
    void jsonThatFailsBeforeTheRunStartsIsOneErrorDocument() throws Exception {
        failsWithOneErrorDocument(2, "config", "was not found in", Map.of(), "run", "health", "--json");
        failsWithOneErrorDocument(2, "config", "was not found in", Map.of(), "findings", "list", "--json");
        failsWithOneErrorDocument(2, "usage", "Unknown option: '--bogus'", Map.of(), "run", "health", "--json", "--bogus");

        Files.writeString(dir.resolve("patrol.yml"), """
                name: cli
                health:
                  endpoints:
                    - { name: backend, url: "http://127.0.0.1:9/health" }
                """);
        failsWithOneErrorDocument(2, "usage", "nope", Map.of(), "run", "health", "--target", "nope", "--json");
        failsWithOneErrorDocument(2, "config", "must be a list", Map.of(), "run", "all", "--json", "--config", write("bad.yml", """
                name: cli
                health:
                  endpoints: 7
                """));

        // invoke: a deployed function that cannot be reached, and no region to look for it in.
        Map<String, String> unreachable = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        failsWithOneErrorDocument(3, "aws", "could not invoke cli-health", unreachable, "invoke", "health", "--region", "us-east-1", "--json");
        // A job that is not deployed: each deployed one named once, in the words of run's own answer.
        failsWithOneErrorDocument(2, "usage", "unknown job \"bogus\"; use one of health, backups, secrets or report", Map.of(),
                "invoke", "bogus", "--json");
        // A state table that cannot be reached: said once ("state store unavailable: could not …"), not twice.
        String unreachableState = write("table.yml", """
                name: cli
                state: { table: patrol-state }
                aws: { region: us-east-1, endpoint: "http://127.0.0.1:9" }
                secrets:
                  repos:
                    - { name: deals, url: https://github.com/acme/deals.git }
                """);
        failsWithOneErrorDocument(3, "state", "state store unavailable: could not", unreachable, "findings", "list", "--json", "--config", unreachableState);
        PatrolProcess.Result mutes = PatrolProcess.run(dir, unreachable, "mutes", "--config", unreachableState);
        assertThat(mutes.exit()).isEqualTo(3);
        assertThat(mutes.err()).contains("state store unavailable: could not query mute").contains("; check the network, aws.endpoint")
                .doesNotContainPattern("(?i)unavailable: (the )?state store");
        failsWithOneErrorDocument(2, "usage", "no AWS region to find cli-health in: pass --region",
                Map.of("AWS_CONFIG_FILE", dir.resolve("none").toString(), "AWS_REGION", PatrolProcess.UNSET,
                        "AWS_DEFAULT_REGION", PatrolProcess.UNSET), "invoke", "health", "--json");
    }

    private String write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text).toString();
    }
}

package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.patrol.secrets.FakeCredentials;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.state.Json;
import dev.patrol.verify.MotoIam;
import dev.patrol.verify.ProviderStandIn;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code secrets.verify: true} through {@code patrol run secrets}: repositories made with the real
 * {@code git}, found keys verified against loopback providers (STS by moto_server checking SigV4
 * signatures; GitHub by a stand-in answering in GitHub's format, as no local GitHub API exists),
 * reached through the documented test override {@value Endpoint#TEST_OVERRIDE}.
 */
class SecretsVerifyIT {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    private final FakeCredentials fakes = new FakeCredentials(41);

    @Test
    void aLiveAwsKeyPairInHistoryAlertsP0WithItsArnAndIsAskedAgainOnlyAfterVerifyEvery() throws Exception {
        Optional<MotoIam> started = MotoIam.start(dir);
        assumeTrue(started.isPresent(), "moto_server not on PATH: pip install 'moto[server]'");
        try (MotoIam moto = started.get()) {
            Path repo = gitRepo("deals");
            commit(repo, "deploy keys", "deploy.env", "AWS_ACCESS_KEY_ID=" + moto.key.id() + "\nAWS_SECRET_ACCESS_KEY=" + moto.key.secret() + "\n");
            commit(repo, "keys to the vault", "deploy.env", "AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\n");
            config("deals");
            ClockedPatrol patrol = new ClockedPatrol(dir, Map.of(Endpoint.TEST_OVERRIDE, moto.endpoint));

            JsonNode first = run(patrol, T0);

            JsonNode result = first.path("results").get(0);
            assertThat(result.path("status").asString()).isEqualTo("fail");
            assertThat(result.path("message").asString()).startsWith("2 open findings (1 live): aws-secret-access-key in deploy.env:2")
                    .contains("live: " + moto.key.arn() + " — rotate now");
            JsonNode secretRow = row(result.at("/details/findings"), "aws-secret-access-key");
            assertThat(secretRow.at("/verification/status").asString()).isEqualTo("verified");
            assertThat(secretRow.at("/verification/identity").asString()).isEqualTo(moto.key.arn());
            assertThat(first.path("alerts")).extracting(a -> a.path("severity").asString()).containsExactlyInAnyOrder("P0", "P2");

            List<JsonNode> lines = patrol.fileAlerts("alerts.jsonl");
            JsonNode live = lines.stream().filter(l -> l.path("severity").asString().equals("P0")).findFirst().orElseThrow();
            assertThat(live.path("transition").asString()).isEqualTo("new");
            assertThat(live.path("text").asString()).contains("aws-secret-access-key leaked in deals at deploy.env:2")
                    .contains("live: arn:aws:iam::123456789012:user/deploy — rotate now");
            // The key id alone has no verifier: its alert keeps the repository's severity and says nothing of liveness.
            JsonNode keyId = lines.stream().filter(l -> l.path("severity").asString().equals("P2")).findFirst().orElseThrow();
            assertThat(keyId.path("text").asString()).startsWith("aws-access-key-id leaked").doesNotContain("live:");

            JsonNode listed = findings(patrol, T0.plusSeconds(60));
            JsonNode check = row(listed, "aws-secret-access-key").path("verification");
            assertThat(check.path("status").asString()).isEqualTo("verified");
            assertThat(check.path("identity").asString()).isEqualTo(moto.key.arn());
            String checkedAt = check.path("checkedAt").asString();
            assertThat(Instant.parse(checkedAt)).isBetween(T0, T0.plusSeconds(60));
            assertThat(row(listed, "aws-access-key-id").path("verification").isNull()).isTrue();
            PatrolProcess.Result table = patrol.patrol(T0.plusSeconds(60), "findings", "list");
            assertThat(table.out()).contains("VERIFIED").contains("live: " + moto.key.arn()).contains("1 live (rotate those first)");

            // A day later: an incremental sweep, and the check of T0 still holds (verifyEvery 7d): nobody asks STS.
            commit(repo, "readme", "README.md", "# deals\n");
            JsonNode second = run(patrol, T0.plus(Duration.ofDays(1)));
            assertThat(second.at("/results/0/details/sweep").asString()).isEqualTo("incremental");
            assertThat(second.path("alerts")).isEmpty();
            assertThat(row(findings(patrol, T0.plus(Duration.ofDays(1))), "aws-secret-access-key").at("/verification/checkedAt").asString())
                    .isEqualTo(checkedAt);

            // Past verifyEvery: the secret, which the incremental sweep does not meet, is read again from its
            // commit and verified again; still live, so no new alert (it was said once).
            Instant later = T0.plus(Duration.ofDays(8));
            commit(repo, "more", "README.md", "# deals\nmore\n");
            JsonNode third = run(patrol, later);
            assertThat(third.at("/results/0/details/commits").asInt()).isEqualTo(1);
            assertThat(third.path("alerts")).isEmpty();
            JsonNode rechecked = row(findings(patrol, later), "aws-secret-access-key").path("verification");
            assertThat(Instant.parse(rechecked.path("checkedAt").asString())).isBetween(later, later.plusSeconds(60));
            assertThat(rechecked.path("status").asString()).isEqualTo("verified");

            String everything = first + "" + second + third + table.out() + listed + Files.readString(dir.resolve("alerts.jsonl")) + stateBytes();
            assertThat(everything).doesNotContain(moto.key.secret());
        }
    }

    @Test
    void anUnknownAnswerIsRetriedNextRunAndAKeyThatStopsWorkingIsReported() throws Exception {
        try (ProviderStandIn github = new ProviderStandIn()) {
            String token = committedToken(".github/release.env", true);
            ClockedPatrol patrol = new ClockedPatrol(dir, Map.of(Endpoint.TEST_OVERRIDE, github.url()));
            github.answer(token, "/user", 429, Map.of("Retry-After", "60", "Content-Type", "application/json; charset=utf-8",
                    "X-RateLimit-Remaining", "0"), "{\"message\":\"API rate limit exceeded\",\"documentation_url\":\"https://docs.github.com/rest/rate-limit\"}");

            JsonNode first = run(patrol, T0);
            assertThat(calls(github)).isEqualTo(1);
            assertThat(ClockedPatrol.alerts(first)).containsExactly("deals new");
            assertThat(first.path("alerts").get(0).path("severity").asString()).isEqualTo("P2");
            JsonNode unknown = row(findings(patrol, T0), "github-pat").path("verification");
            assertThat(unknown.path("status").asString()).isEqualTo("unknown");
            assertThat(unknown.path("detail").asString()).isEqualTo("rate limited by github (retry after 60s)");

            // Next run: the unknown answer is asked again (no new commit, nothing else to do), and now the token works.
            github.answer(token, "/user", 200, Map.of("Content-Type", "application/json; charset=utf-8", "X-OAuth-Scopes", "repo, workflow"),
                    "{\"login\":\"release-bot\",\"id\":583231,\"type\":\"User\"}");
            JsonNode second = run(patrol, T0.plus(Duration.ofHours(1)));
            assertThat(calls(github)).isEqualTo(2);
            assertThat(ClockedPatrol.alerts(second)).containsExactly("deals new");
            assertThat(second.path("alerts").get(0).path("severity").asString()).isEqualTo("P0");
            JsonNode liveLine = patrol.fileAlerts("alerts.jsonl").getLast();
            assertThat(liveLine.path("title").asString()).isEqualTo("[verify-e2e] NEW: github-pat in deals is live (secrets)");
            assertThat(liveLine.path("text").asString()).contains("live: github user release-bot — rotate now (scopes: repo, workflow)");

            // Within verifyEvery: no call.
            JsonNode third = run(patrol, T0.plus(Duration.ofHours(2)));
            assertThat(calls(github)).isEqualTo(2);
            assertThat(third.path("alerts")).isEmpty();

            // The token was revoked; past verifyEvery GitHub says so, and that is reported, at the live alert's severity.
            github.answer(token, "/user", 401, Map.of("Content-Type", "application/json; charset=utf-8"),
                    "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
            Instant later = T0.plus(Duration.ofDays(8));
            JsonNode fourth = run(patrol, later);
            assertThat(calls(github)).isEqualTo(3);
            assertThat(ClockedPatrol.alerts(fourth)).containsExactly("deals resolved");
            JsonNode gone = patrol.fileAlerts("alerts.jsonl").getLast();
            assertThat(gone.path("severity").asString()).isEqualTo("P0");
            assertThat(gone.path("title").asString()).isEqualTo("[verify-e2e] RESOLVED: github-pat in deals no longer live (secrets)");
            assertThat(gone.path("text").asString()).contains("no longer works: not live: github refused it (HTTP 401)")
                    .contains("The finding stays open");
            PatrolProcess.Result listed = patrol.patrol(later, "findings", "list", "--json");
            assertThat(listed.exit()).as("still open: it is in the tree and in history").isEqualTo(1);
            assertThat(row(Json.MAPPER.readTree(listed.out()).path("findings"), "github-pat").at("/verification/status").asString())
                    .isEqualTo("unverified");

            // The same revoked key, asked again only after another verifyEvery: and a second "no longer live" is never sent.
            JsonNode fifth = run(patrol, later.plus(Duration.ofDays(8)));
            assertThat(calls(github)).isEqualTo(4);
            assertThat(fifth.path("alerts")).isEmpty();

            assertThat(github.requests).allMatch(r -> r.authorization().equals("Bearer " + token) && r.path().equals("/user"));
            assertThat(Files.readString(dir.resolve("alerts.jsonl")) + first + second + listed.out() + stateBytes()).doesNotContain(token);
        }
    }

    @Test
    void aProviderDownOrSilentLeavesTheAnswerUnknownAsksAgainEachRunAndNeverCallsTheKeyDead() throws Exception {
        String token = committedToken(".github/release.env", true);
        Map<String, String> liveAnswer = Map.of("Content-Type", "application/json; charset=utf-8", "X-OAuth-Scopes", "repo");
        String identity = "{\"login\":\"release-bot\",\"id\":583231,\"type\":\"User\"}";

        // Nothing listens at the provider's address.
        JsonNode first = run(towards(nothingListening()), T0);
        assertThat(ClockedPatrol.alerts(first)).containsExactly("deals new");
        assertThat(first.path("alerts").get(0).path("severity").asString()).as("not raised to P0 without an answer").isEqualTo("P2");
        JsonNode down = row(findings(towards(nothingListening()), T0), "github-pat").path("verification");
        assertThat(down.path("status").asString()).isEqualTo("unknown");
        assertThat(down.path("detail").asString()).startsWith("github could not be reached (").doesNotContain("Exception", "null");

        // The provider takes the connection and never answers: the call times out, and it is still unknown.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ClockedPatrol patrol = towards("http://127.0.0.1:" + silent.getLocalPort());
            JsonNode second = run(patrol, T0.plus(Duration.ofHours(1)));
            assertThat(second.path("alerts")).isEmpty();
            JsonNode silentCheck = row(findings(patrol, T0.plus(Duration.ofHours(1))), "github-pat").path("verification");
            assertThat(silentCheck.path("status").asString()).isEqualTo("unknown");
            assertThat(silentCheck.path("detail").asString()).startsWith("github could not be reached (").contains("timed out");
        }

        // The next run asks again (no new commit, nothing else due), and the provider answers: live.
        try (ProviderStandIn github = new ProviderStandIn()) {
            github.answer(token, "/user", 200, liveAnswer, identity);
            JsonNode third = run(towards(github.url()), T0.plus(Duration.ofHours(2)));
            assertThat(calls(github)).isEqualTo(1);
            assertThat(ClockedPatrol.alerts(third)).containsExactly("deals new");
            assertThat(third.path("alerts").get(0).path("severity").asString()).isEqualTo("P0");
        }

        // Past verifyEvery the provider is down again: the live answer stands, nobody is told the key is dead.
        Instant later = T0.plus(Duration.ofDays(8));
        JsonNode fourth = run(towards(nothingListening()), later);
        assertThat(fourth.path("alerts")).isEmpty();
        PatrolProcess.Result table = towards(nothingListening()).patrol(later, "findings", "list");
        assertThat(table.out()).contains("live: github user release-bot").doesNotContain("not live");
        JsonNode stands = row(findings(towards(nothingListening()), later), "github-pat").path("verification");
        assertThat(stands.path("status").asString()).isEqualTo("verified");
        assertThat(stands.path("retrying").asString()).startsWith("github could not be reached (");

        // An hour later, well within verifyEvery of the last answer, it is asked again because the last attempt got none.
        try (ProviderStandIn github = new ProviderStandIn()) {
            github.answer(token, "/user", 200, liveAnswer, identity);
            ClockedPatrol patrol = towards(github.url());
            JsonNode fifth = run(patrol, later.plus(Duration.ofHours(1)));
            assertThat(calls(github)).isEqualTo(1);
            assertThat(fifth.path("alerts")).isEmpty();
            JsonNode answered = row(findings(patrol, later.plus(Duration.ofHours(1))), "github-pat").path("verification");
            assertThat(answered.path("status").asString()).isEqualTo("verified");
            assertThat(answered.path("retrying").isNull() || answered.path("retrying").isMissingNode()).as("retrying: %s", answered).isTrue();
            assertThat(Instant.parse(answered.path("checkedAt").asString())).isAfterOrEqualTo(later.plus(Duration.ofHours(1)));
        }

        assertThat(towards(nothingListening()).alertLines("alerts.jsonl")).containsExactly("deals new", "deals new");
        assertThat(Files.readString(dir.resolve("alerts.jsonl"))).doesNotContain("not live", "no longer", "RESOLVED");
        assertThat(Files.readString(dir.resolve("alerts.jsonl")) + stateBytes()).doesNotContain(token);
    }

    @Test
    void aDryRunAndARedactedScanWithoutVerifyAskNoProvider() throws Exception {
        try (ProviderStandIn github = new ProviderStandIn()) {
            // patrol.yml says secrets.verify: true; secrets scan works without it and must not take it as --verify.
            String token = committedToken("release.env", true);
            github.answer(token, "/user", 200, Map.of("Content-Type", "application/json; charset=utf-8", "X-OAuth-Scopes", "repo"),
                    "{\"login\":\"release-bot\",\"id\":583231,\"type\":\"User\"}");
            ClockedPatrol patrol = towards(github.url());
            String repo = dir.resolve("deals").toString();

            PatrolProcess.Result dry = patrol.patrol(T0, "secrets", "scan", repo, "--verify-dry-run", "--format", "json");
            assertThat(dry.exit()).isEqualTo(1);
            assertThat(dry.err()).contains("would verify github-pat ").contains(": GET " + github.url() + "/user")
                    .contains("patrol: 1 verification call would be made; none made (dry run)").doesNotContain(token);
            assertThat(Json.MAPPER.readTree(dry.out()).at("/findings/0").has("verification")).isFalse();
            assertThat(github.requests).isEmpty();

            PatrolProcess.Result redacted = patrol.patrol(T0, "secrets", "scan", repo, "--redact", "--format", "json");
            assertThat(redacted.exit()).isEqualTo(1);
            JsonNode found = Json.MAPPER.readTree(redacted.out()).at("/findings/0");
            assertThat(found.path("ruleId").asString()).isEqualTo("github-pat");
            assertThat(found.has("verification")).isFalse();
            assertThat(redacted.out() + redacted.err()).doesNotContain(token);
            assertThat(github.requests).isEmpty();

            // The stand-in is reachable: with --verify the same scan asks it, once.
            PatrolProcess.Result verified = patrol.patrol(T0, "secrets", "scan", repo, "--redact", "--verify", "--format", "json");
            assertThat(Json.MAPPER.readTree(verified.out()).at("/findings/0/verification/status").asString()).isEqualTo("verified");
            assertThat(github.requests).hasSize(1);
        }
    }

    @Test
    void withoutSecretsVerifyNoProviderIsAsked() throws Exception {
        try (ProviderStandIn github = new ProviderStandIn()) {
            committedToken("release.env", false);
            ClockedPatrol patrol = new ClockedPatrol(dir, Map.of(Endpoint.TEST_OVERRIDE, github.url()));
            JsonNode run = run(patrol, T0);
            assertThat(ClockedPatrol.alerts(run)).containsExactly("deals new");
            assertThat(github.requests).isEmpty();
            assertThat(row(findings(patrol, T0), "github-pat").has("verification")).isTrue();
            assertThat(row(findings(patrol, T0), "github-pat").path("verification").isNull()).isTrue();
        }
    }

    @Test
    void aTestOverrideOffTheMachineIsRefusedAndNamed() throws Exception {
        committedToken("release.env", true);
        ClockedPatrol patrol = new ClockedPatrol(dir, Map.of(Endpoint.TEST_OVERRIDE, "https://collector.example"));
        PatrolProcess.Result r = patrol.patrol(T0, "run", "secrets", "--json");
        JsonNode result = Json.MAPPER.readTree(r.out()).path("results").get(0);
        assertThat(result.path("status").asString()).isEqualTo("error");
        assertThat(result.path("message").asString()).contains(Endpoint.TEST_OVERRIDE + " must be a loopback URL");
        assertThat(r.exit()).as("a target in error is a problem of the run, as an unreachable repository is").isEqualTo(1);
        assertThat(r.err()).doesNotContain("IllegalArgumentException");
    }

    private void config(String repo) throws IOException {
        config(repo, true);
    }

    private void config(String repo, boolean verify) throws IOException {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: verify-e2e
                alerts: { file: alerts.jsonl }
                secrets:
                  verify: %s
                  repos:
                    - { name: %s, url: %s, severity: P2 }
                """.formatted(verify, repo, repo));
    }

    /** A repository "deals" whose one commit adds a GitHub token at {@code path}, and its config. */
    private String committedToken(String path, boolean verify) throws Exception {
        String token = "ghp_" + fakes.alnum(36);
        commit(gitRepo("deals"), "ci", path, "GITHUB_TOKEN=" + token + "\n");
        config("deals", verify);
        return token;
    }

    private static JsonNode run(ClockedPatrol patrol, Instant at) throws Exception {
        return Json.MAPPER.readTree(patrol.patrol(at, "run", "secrets", "--json").out());
    }

    private static JsonNode findings(ClockedPatrol patrol, Instant at) throws Exception {
        return Json.MAPPER.readTree(patrol.patrol(at, "findings", "list", "--json").out()).path("findings");
    }

    private static JsonNode row(JsonNode findings, String rule) {
        for (JsonNode f : findings) {
            String id = f.has("ruleId") ? f.path("ruleId").asString() : f.path("rule").asString();
            if (id.equals(rule)) return f;
        }
        throw new AssertionError("no " + rule + " finding in " + findings);
    }

    /** Patrol in this folder with every provider at {@code url} (the documented test override). */
    private ClockedPatrol towards(String url) {
        return new ClockedPatrol(dir, Map.of(Endpoint.TEST_OVERRIDE, url));
    }

    /** A loopback address where nothing listens: a port just bound and let go. */
    private static String nothingListening() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static long calls(ProviderStandIn standIn) {
        return standIn.requests.size();
    }

    /** Everything in the embedded state folder, as text: a secret stored anywhere in it would show. */
    private String stateBytes() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve(".patrol"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("clones")).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private Path gitRepo(String name) throws Exception {
        Path repo = dir.resolve(name);
        git(dir, "init", "-q", "-b", "main", repo.toString());
        return repo;
    }

    private int commits;

    /** A commit made by git itself, a minute after the last. */
    private void commit(Path repo, String message, String path, String content) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        git(repo, "add", path);
        String date = T0.minus(Duration.ofDays(30)).plus(Duration.ofMinutes(commits++)).toString();
        git(repo, Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date), "commit", "-q", "-m", message);
    }

    private static void git(Path in, String... args) throws Exception {
        git(in, Map.of(), args);
    }

    private static void git(Path in, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Dee Ploy", "-c", "user.email=dee@example.com", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
    }
}

package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.forge.ForgeStandIn;
import dev.patrol.forge.ForgeStandIn.Repo;
import dev.patrol.secrets.FakeCredentials;
import dev.patrol.secrets.GitHttpServer;
import dev.patrol.state.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Whole organisations in {@code secrets.repos}, through {@code patrol run secrets}: GitHub's and
 * GitLab's listing APIs answered by {@link ForgeStandIn} on loopback (their documented JSON and
 * Link headers, three pages), the repositories real git repositories made with {@code git} and
 * cloned over smart HTTP from git's own {@code http-backend}, with the organisation's token.
 */
class SecretsOrgIT {
    @TempDir
    Path dir;
    private final FakeCredentials fakes = new FakeCredentials(141);
    private static final String GH_TOKEN = "ghp_" + "OrgItToken0123456789abcdefghijklmnopq";
    private static final String GL_TOKEN = "glpat-" + "OrgItToken0123456789ab";

    private String awsKey() {
        return "AK" + "IA" + fakes.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    }

    /** A bare repository at {@code root/rel.git} with one commit of {@code files}, made by git itself. */
    private void gitRepo(Path root, String rel, Map<String, String> files) throws Exception {
        Path work = Files.createTempDirectory(dir, "work");
        git(work, "init", "-q", "-b", "main");
        for (var f : files.entrySet()) {
            Path p = work.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        git(work, "add", "-A");
        git(work, "-c", "user.name=Dana Dev", "-c", "user.email=dana@acme.example", "commit", "-q", "-m", "first");
        Path bare = root.resolve(rel + ".git");
        Files.createDirectories(bare.getParent());
        git(work, "clone", "-q", "--bare", work.toString(), bare.toString());
    }

    private static void git(Path cwd, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void everyRepositoryOfAnOrganisationIsSweptArchivedAndForksAreSkippedAndARefusedOrganisationIsAnErrorOfItsOwn() throws Exception {
        Path gh = Files.createDirectories(dir.resolve("gh"));
        Path gl = Files.createDirectories(dir.resolve("gl"));
        Map<String, String> keys = new LinkedHashMap<>();
        for (String r : List.of("acme/api", "acme/web", "acme/old", "acme/fork")) {
            keys.put(r, awsKey());
            gitRepo(gh, r, Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + keys.get(r) + "\n"));
        }
        gitRepo(gh, "acme/tools", Map.of("README.md", "# tools\n"));
        for (String r : List.of("platform/svc", "platform/tools/cli", "platform/attic", "platform/upstream-copy")) {
            keys.put(r, awsKey());
            gitRepo(gl, r, Map.of("deploy/.env", "AWS_ACCESS_KEY_ID=" + keys.get(r) + "\n"));
        }
        try (GitHttpServer ghGit = GitHttpServer.serve(gh, "x-access-token", GH_TOKEN);
             GitHttpServer glGit = GitHttpServer.serve(gl, "x-access-token", GL_TOKEN);
             ForgeStandIn api = ForgeStandIn.start(2)) {
            api.githubOrg("acme", GH_TOKEN, List.of(
                    Repo.of("api", ghGit.url() + "acme/api.git"),
                    new Repo("old", ghGit.url() + "acme/old.git", true, false, 10),
                    new Repo("fork", ghGit.url() + "acme/fork.git", false, true, 10),
                    Repo.of("tools", ghGit.url() + "acme/tools.git"),
                    // 200 MB by the API's count, against a 100 MB clone cache: refused before any clone
                    new Repo("mono", ghGit.url() + "acme/mono.git", false, false, 200 * 1024),
                    Repo.of("web", ghGit.url() + "acme/web.git")));
            api.githubOrg("locked", "ghp_someOtherToken", List.of(Repo.of("vault", ghGit.url() + "acme/api.git")));
            api.gitlabGroup("platform", GL_TOKEN, List.of(
                    Repo.of("svc", glGit.url() + "platform/svc.git"),
                    new Repo("attic", glGit.url() + "platform/attic.git", true, false, 10),
                    Repo.of("tools/cli", glGit.url() + "platform/tools/cli.git"),
                    new Repo("upstream-copy", glGit.url() + "platform/upstream-copy.git", false, true, 10)));
            Files.writeString(dir.resolve("patrol.yml"), """
                    name: orgs
                    alerts: { file: alerts.jsonl }
                    secrets:
                      repos:
                        - org: https://github.com/acme
                          token: "${GH_TOKEN}"
                        - org: https://github.com/locked
                          token: "${GH_TOKEN}"
                        - org: https://gitlab.com/platform
                          token: "${GL_TOKEN}"
                    """);
            Map<String, String> env = Map.of("GH_TOKEN", GH_TOKEN, "GL_TOKEN", GL_TOKEN, "PATROL_FORGE_TEST_API", api.url(),
                    "PATROL_CLONE_CACHE_MB", "100", "PATROL_LOG", "debug");

            PatrolProcess.Result run = PatrolProcess.run(dir, env, "run", "secrets", "--json");

            assertThat(run.exit()).as(run.err()).isEqualTo(1);
            Map<String, JsonNode> results = new LinkedHashMap<>();
            Json.MAPPER.readTree(run.out()).path("results").forEach(r -> results.put(r.path("target").asString(), r));
            assertThat(results.keySet()).containsExactlyInAnyOrder("acme/api", "acme/mono", "acme/tools", "acme/web", "locked",
                    "platform/svc", "platform/tools/cli");
            for (String swept : List.of("acme/api", "acme/web")) {
                assertThat(results.get(swept).path("message").asString()).as(swept).startsWith("1 open finding: aws-access-key-id in config/prod.env:1");
            }
            for (String swept : List.of("platform/svc", "platform/tools/cli")) {
                assertThat(results.get(swept).path("message").asString()).as(swept).startsWith("1 open finding: aws-access-key-id in deploy/.env:1");
            }
            assertThat(results.get("acme/tools").path("status").asString()).isEqualTo("ok");
            assertThat(results.get("locked").path("status").asString()).isEqualTo("error");
            assertThat(results.get("locked").path("message").asString())
                    .contains("GitHub refused the token of secrets.repos locked (HTTP 401").contains("set a valid token");
            assertThat(results.get("acme/mono").path("status").asString()).isEqualTo("error");
            assertThat(results.get("acme/mono").path("message").asString())
                    .contains("acme/mono is 200MB on GitHub, more than the clone cache may hold (100MB").contains("not cloned or swept")
                    .contains("exclude: [\"mono\"]");
            // three pages of acme, each followed through the Link header
            assertThat(api.requests().stream().filter(r -> r.startsWith("/orgs/acme/") || r.startsWith("/organizations/1000/"))).hasSize(3);

            PatrolProcess.Result list = PatrolProcess.run(dir, env, "findings", "list", "--json");
            assertThat(list.out()).contains("acme/api").contains("platform/tools/cli");
            PatrolProcess.Result mute = PatrolProcess.run(dir, env, "mute", "acme/web", "locked", "--for", "1h", "--reason", "rotating");
            assertThat(mute.exit()).as(mute.err()).isZero();
            assertThat(PatrolProcess.run(dir, env, "mute", "nowhere/web", "--for", "1h", "--reason", "x").exit()).isEqualTo(2);
            String everything = run.out() + run.err() + list.out() + list.err() + Files.readString(dir.resolve("alerts.jsonl"));
            assertThat(everything).doesNotContain(GH_TOKEN).doesNotContain(GL_TOKEN);
            for (String key : keys.values()) assertThat(everything).doesNotContain(key);
        }
    }

    @Test
    void aMuteOfAnOrganisationHoldsTheNewFindingsOfItsRepositoriesUntilItEnds() throws Exception {
        Path gh = Files.createDirectories(dir.resolve("gh"));
        String key = awsKey();
        gitRepo(gh, "acme/api", Map.of("config/prod.env", "AWS_ACCESS_KEY_ID=" + key + "\n"));
        try (GitHttpServer git = GitHttpServer.serve(gh, "x-access-token", GH_TOKEN); ForgeStandIn api = ForgeStandIn.start(100)) {
            api.githubOrg("acme", GH_TOKEN, List.of(Repo.of("api", git.url() + "acme/api.git")));
            Files.writeString(dir.resolve("patrol.yml"), """
                    name: orgs
                    alerts: { file: alerts.jsonl }
                    secrets:
                      repos:
                        - org: https://github.com/acme
                          token: "${GH_TOKEN}"
                    """);
            ClockedPatrol p = new ClockedPatrol(dir, Map.of("GH_TOKEN", GH_TOKEN, "PATROL_FORGE_TEST_API", api.url()));
            java.time.Instant t0 = java.time.Instant.parse("2026-12-07T10:00:00Z");
            PatrolProcess.Result mute = p.patrol(t0, "mute", "acme", "--for", "2h", "--reason", "rotating every acme key");
            assertThat(mute.exit()).as(mute.err()).isZero();
            assertThat(mute.out()).contains("muted acme until 2026-12-07T12:00:00Z");

            JsonNode muted = Json.MAPPER.readTree(p.patrol(t0.plusSeconds(60), "run", "secrets", "--json").out());
            assertThat(muted.path("results")).singleElement().satisfies(r -> {
                assertThat(r.path("target").asString()).isEqualTo("acme/api");
                assertThat(r.path("muted").asBoolean()).isTrue();
            });
            assertThat(ClockedPatrol.alerts(muted)).isEmpty();
            assertThat(dir.resolve("alerts.jsonl")).doesNotExist();

            JsonNode ended = Json.MAPPER.readTree(p.patrol(t0.plus(java.time.Duration.ofHours(3)), "run", "secrets", "--json").out());
            assertThat(ClockedPatrol.alerts(ended)).containsExactly("acme/api new");
            assertThat(p.alertLines("alerts.jsonl")).containsExactly("acme/api new");
        }
    }

    @Test
    void configValidateNamesEachBadOrganisationEntryByLine() throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: orgs
                secrets:
                  repos:
                    - org: https://bitbucket.org/acme
                    - org: https://github.com/acme/api
                    - org: https://github.com/acme
                      url: https://github.com/acme/api.git
                    - org: https://git.acme.example/platform
                      forge: gitea
                    - org: https://github.com/acme
                    - org: https://github.com/tools
                      include: ["[abc"]
                """);
        PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "config", "validate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("patrol.yml:4: secrets.repos[0].org \"https://bitbucket.org/acme\" is neither a GitHub nor a GitLab address")
                .contains("patrol.yml:5: secrets.repos[1].org \"https://github.com/acme/api\" is not a GitHub organisation")
                .contains("patrol.yml:7: secrets.repos[2].url an entry has either url (one repository) or org")
                .contains("patrol.yml:9: secrets.repos[3].forge \"gitea\" is not a forge Patrol can list")
                .contains("patrol.yml:10: secrets.repos[4].org names the entry \"acme\", which is used twice")
                .contains("patrol.yml:12: secrets.repos[5].include \"[abc\" is not a glob (e.g. api-*, platform/**): Missing ']")
                .doesNotContain("\\n").doesNotContain("^")
                .doesNotContain("Exception");
    }
}

package dev.patrol.secrets.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Severity;
import dev.patrol.config.SecretValue;
import dev.patrol.config.SecretsConfig;
import dev.patrol.pipeline.Target;
import dev.patrol.state.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How an organisation's listing becomes targets. The forge here is a stand-in of the port
 * (a fixed list): the HTTP client itself is tested against GitHub's and GitLab's answers in
 * the adapters' ForgeApiTest, and the whole path in the CLI's SecretsOrgIT.
 */
class OrgTargetsTest {
    private final InMemoryStateStore state = new InMemoryStateStore();
    private final List<String> calls = new ArrayList<>();

    private Forge listing(ListedRepo... repos) {
        return (org, token) -> {
            calls.add(org.name() + " " + token);
            return new Listing.Found(List.of(repos));
        };
    }

    private static SecretsConfig.Org org(List<String> include, List<String> exclude, boolean archived, boolean forks) {
        return new SecretsConfig.Org("acme", "https://github.com/acme", "github", SecretValue.of("ghp_orgTargetsTestToken"), archived, forks,
                include, exclude, Severity.P1);
    }

    private static ListedRepo repo(String path) {
        return new ListedRepo(path, "https://github.com/acme/" + path + ".git", false, false, 1024);
    }

    private static List<String> names(List<Target> targets) {
        return targets.stream().map(Target::name).toList();
    }

    private List<Target> expand(OrgTargets targets, SecretsConfig.Org org, Clock clock, Set<String> taken) {
        return targets.expand(List.of(org), v -> v.raw(), clock, state, taken, 1 << 30, Path.of("/tmp/patrol-clones"));
    }

    @Test
    void includeAndExcludeGlobsArchivedAndForksDecideWhichRepositoriesAreTargets() {
        ListedRepo[] listed = {repo("api"), repo("api-gateway"), repo("web"), repo("tools/cli"),
                new ListedRepo("old", "https://github.com/acme/old.git", true, false, 1),
                new ListedRepo("fork", "https://github.com/acme/fork.git", false, true, 1)};
        Clock clock = Clock.systemUTC();

        assertThat(names(expand(new OrgTargets(listing(listed)), org(List.of(), List.of(), false, false), clock, Set.of())))
                .containsExactly("acme/api", "acme/api-gateway", "acme/tools/cli", "acme/web");
        assertThat(names(expand(new OrgTargets(listing(listed)), org(List.of("api*", "tools/**"), List.of("*-gateway"), false, false), clock, Set.of())))
                .containsExactly("acme/api", "acme/tools/cli");
        assertThat(names(expand(new OrgTargets(listing(listed)), org(List.of(), List.of(), true, true), clock, Set.of("acme/web"))))
                .containsExactly("acme/api", "acme/api-gateway", "acme/fork", "acme/old", "acme/tools/cli");
    }

    @Test
    void aCloneAddressOnAnotherHostFailsTheOrganisationSoItsTokenGoesNowhereElse() {
        OrgTargets targets = new OrgTargets(listing(repo("api"), new ListedRepo("evil", "https://attacker.example/x.git", false, false, 1)));
        List<Target> out = expand(targets, org(List.of(), List.of(), false, false), Clock.systemUTC(), Set.of());
        assertThat(out).singleElement().isInstanceOf(UnsweptTarget.class);
        assertThat(((UnsweptTarget) out.getFirst()).message()).contains("listed acme/evil at attacker.example, not at github.com")
                .contains("sends the token only to the organisation's own server");
    }

    @Test
    void aCloneAddressOnTheSameHostOverPlainHttpFailsTheOrganisationToo() {
        OrgTargets targets = new OrgTargets(listing(repo("api"), new ListedRepo("web", "http://github.com/acme/web.git", false, false, 1)));
        List<Target> out = expand(targets, org(List.of(), List.of(), false, false), Clock.systemUTC(), Set.of());
        assertThat(out).singleElement().isInstanceOf(UnsweptTarget.class);
        assertThat(((UnsweptTarget) out.getFirst()).message()).contains("listed acme/web at http://github.com, not at https://github.com");
    }

    @Test
    void aRepositoryBiggerThanTheCloneCacheIsAnErrorTargetAndTheListingIsAskedOnceInFiveMinutes() {
        OrgTargets targets = new OrgTargets(listing(repo("api"), new ListedRepo("mono", "https://github.com/acme/mono.git", false, false, 3L << 30)));
        Instant t0 = Instant.parse("2026-12-03T10:00:00Z");
        List<Target> out = expand(targets, org(List.of(), List.of(), false, false), Clock.fixed(t0, ZoneOffset.UTC), Set.of());
        expand(targets, org(List.of(), List.of(), false, false), Clock.fixed(t0.plus(Duration.ofMinutes(4)), ZoneOffset.UTC), Set.of());
        assertThat(calls).hasSize(1);
        expand(targets, org(List.of(), List.of(), false, false), Clock.fixed(t0.plus(Duration.ofMinutes(6)), ZoneOffset.UTC), Set.of());
        assertThat(calls).containsExactly("acme ghp_orgTargetsTestToken", "acme ghp_orgTargetsTestToken");

        assertThat(names(out)).containsExactly("acme/api", "acme/mono");
        assertThat(out.get(1)).isInstanceOf(UnsweptTarget.class);
        assertThat(((UnsweptTarget) out.get(1)).message()).startsWith("acme/mono is 3GB on GitHub, more than the clone cache may hold (1GB in /tmp/patrol-clones)");
        assertThat(OrgTargets.remembered(state, org(List.of(), List.of(), false, false))).containsExactly("acme/api", "acme/mono");
    }
}

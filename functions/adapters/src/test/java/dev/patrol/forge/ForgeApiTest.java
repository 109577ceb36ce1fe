package dev.patrol.forge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patrol.alert.Severity;
import dev.patrol.config.SecretValue;
import dev.patrol.config.SecretsConfig;
import dev.patrol.secrets.org.ListedRepo;
import dev.patrol.secrets.org.Listing;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Listing organisations against {@link ForgeStandIn}, GitHub's and GitLab's documented answers on loopback. */
class ForgeApiTest {
    private static final String TOKEN = "ghp_standInToken0123456789abcdefghijklmn";
    private final ForgeApi api = new ForgeApi();

    private static SecretsConfig.Org org(String url, String forge) {
        return new SecretsConfig.Org("acme", url, forge, SecretValue.of(TOKEN), false, false, List.of(), List.of(), Severity.P1);
    }

    private static List<ListedRepo> found(Listing listing) {
        assertThat(listing).isInstanceOf(Listing.Found.class);
        return ((Listing.Found) listing).repos();
    }

    private static String failed(Listing listing) {
        assertThat(listing).isInstanceOf(Listing.Failed.class);
        String message = ((Listing.Failed) listing).message();
        assertThat(message).doesNotContain(TOKEN);
        return message;
    }

    @Test
    void aGitHubOrganisationOfThreePagesIsListedWholeFollowingTheLinkHeader() throws Exception {
        try (ForgeStandIn gh = ForgeStandIn.start(2)) {
            gh.githubOrg("acme", TOKEN, List.of(ForgeStandIn.Repo.of("api", "http://127.0.0.1:1/acme/api.git"),
                    new ForgeStandIn.Repo("old", "http://127.0.0.1:1/acme/old.git", true, false, 5),
                    new ForgeStandIn.Repo("fork", "http://127.0.0.1:1/acme/fork.git", false, true, 5),
                    ForgeStandIn.Repo.of("web", "http://127.0.0.1:1/acme/web.git"),
                    new ForgeStandIn.Repo("mono", "http://127.0.0.1:1/acme/mono.git", false, false, 2_000_000)));
            List<ListedRepo> repos = found(new GitHubRepos(api, gh.url()).list(org("https://github.com/acme", "github"), TOKEN));

            assertThat(repos).extracting(ListedRepo::path).containsExactly("api", "old", "fork", "web", "mono");
            assertThat(repos.get(1).archived()).isTrue();
            assertThat(repos.get(2).fork()).isTrue();
            assertThat(repos.get(4).sizeBytes()).isEqualTo(2_000_000L * 1024);
            assertThat(gh.requests()).hasSize(3).first().asString().startsWith("/orgs/acme/repos?per_page=100&type=all");
            assertThat(gh.requests().get(2)).startsWith("/organizations/").endsWith("page=3");
        }
    }

    @Test
    void aGitHubUserIsListedWhenTheOrganisationRouteSaysNotFound() throws Exception {
        try (ForgeStandIn gh = ForgeStandIn.start(100)) {
            gh.githubUser("dana", TOKEN, List.of(ForgeStandIn.Repo.of("dotfiles", "http://127.0.0.1:1/dana/dotfiles.git")));
            List<ListedRepo> repos = found(new GitHubRepos(api, gh.url()).list(org("https://github.com/dana", "github"), TOKEN));
            assertThat(repos).extracting(ListedRepo::path).containsExactly("dotfiles");
            assertThat(gh.requests()).containsExactly("/orgs/dana/repos?per_page=100&type=all", "/users/dana/repos?per_page=100&type=owner");
        }
    }

    @Test
    void aBadTokenAnUnknownOrganisationARateLimitAndAnUnreachableHostEachSayWhatToDo() throws Exception {
        try (ForgeStandIn gh = ForgeStandIn.start(100)) {
            gh.githubOrg("acme", "ghp_theRightOne", List.of());
            gh.refusing("github-org", "busy", 403, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1798797600"));
            GitHubRepos github = new GitHubRepos(api, gh.url());

            assertThat(failed(github.list(org("https://github.com/acme", "github"), TOKEN)))
                    .contains("refused the token of secrets.repos acme (HTTP 401").contains("set a valid token");
            assertThat(failed(github.list(org("https://github.com/nobody", "github"), TOKEN)))
                    .contains("GitHub has no organisation or user \"nobody\"").contains("HTTP 404");
            assertThat(failed(github.list(org("https://github.com/busy", "github"), TOKEN)))
                    .contains("rate-limited").contains("HTTP 403").contains("resets at 2027-01-01T10:00:00Z");
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(failed(new GitHubRepos(api, "http://127.0.0.1:" + closed).list(org("https://github.com/acme", "github"), TOKEN)))
                .contains("could not be reached at http://127.0.0.1:" + closed + " (connection refused)");
    }

    @Test
    void aGitLabGroupWithSubgroupsIsListedAcrossPagesWithForksMarkedAndArchivedOnesLeftToTheServer() throws Exception {
        try (ForgeStandIn gl = ForgeStandIn.start(1)) {
            gl.gitlabGroup("acme", TOKEN, List.of(ForgeStandIn.Repo.of("svc", "http://127.0.0.1:1/acme/svc.git"),
                    new ForgeStandIn.Repo("attic", "http://127.0.0.1:1/acme/attic.git", true, false, 1),
                    ForgeStandIn.Repo.of("tools/cli", "http://127.0.0.1:1/acme/tools/cli.git"),
                    new ForgeStandIn.Repo("upstream-copy", "http://127.0.0.1:1/acme/upstream-copy.git", false, true, 1)));
            List<ListedRepo> repos = found(new GitLabProjects(api, gl.url() + "/api/v4").list(org("https://gitlab.com/acme", "gitlab"), TOKEN));

            assertThat(repos).extracting(ListedRepo::path).containsExactly("svc", "tools/cli", "upstream-copy");
            assertThat(repos.get(2).fork()).isTrue();
            assertThat(repos.get(0).sizeBytes()).isEqualTo(12 * 1024);
            assertThat(gl.requests()).hasSize(3);
            assertThat(gl.requests().getFirst()).startsWith("/api/v4/groups/acme/projects?include_subgroups=true&per_page=100").contains("archived=false");
        }
    }

    @Test
    void aRateLimitedGitLabSaysWhenToRetry() throws Exception {
        try (ForgeStandIn gl = ForgeStandIn.start(100)) {
            gl.refusing("gitlab-group", "acme", 429, Map.of("Retry-After", "30", "RateLimit-Reset", "1798797600"));
            assertThat(failed(new GitLabProjects(api, gl.url() + "/api/v4").list(org("https://gitlab.com/acme", "gitlab"), TOKEN)))
                    .contains("GitLab rate-limited the listing of https://gitlab.com/acme (HTTP 429); retry in 30s");
        }
    }
}

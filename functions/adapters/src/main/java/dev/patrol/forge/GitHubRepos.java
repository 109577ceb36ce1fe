package dev.patrol.forge;

import dev.patrol.config.SecretsConfig;
import dev.patrol.secrets.org.ListedRepo;
import dev.patrol.secrets.org.Listing;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * An organisation's repositories from GitHub's REST API: {@code GET /orgs/{org}/repos?type=all},
 * and {@code GET /users/{user}/repos} when the name is a user's (the organisation route answers
 * 404 for users). {@code size} is in kilobytes.
 */
record GitHubRepos(ForgeApi api, String base) {
    Listing list(SecretsConfig.Org org, String token) {
        String name = URLEncoder.encode(org.path(), StandardCharsets.UTF_8);
        ForgeApi.Pages pages = api.pages(URI.create(base + "/orgs/" + name + "/repos?per_page=100&type=all"), r -> auth(r, token));
        if (pages instanceof ForgeApi.Pages.Refused r && r.status() == 404) {
            pages = api.pages(URI.create(base + "/users/" + name + "/repos?per_page=100&type=owner"), req -> auth(req, token));
        }
        if (!(pages instanceof ForgeApi.Pages.All all)) {
            return ForgeApi.failure("GitHub", org, pages, "GitHub has no organisation or user \"" + org.path() + "\" that "
                    + (token == null ? "can be seen without a token" : "its token can see") + " (HTTP 404); check the org address of secrets.repos "
                    + org.name() + (token == null ? ", and give it a token if the organisation is private" : ", and that its token may read the organisation"));
        }
        List<ListedRepo> repos = new ArrayList<>();
        for (JsonNode item : all.items()) {
            String repo = ForgeApi.text(item, "name");
            String clone = ForgeApi.text(item, "clone_url");
            if (repo == null || clone == null) continue;
            long kb = item.path("size").asLong(-1);
            repos.add(new ListedRepo(repo, clone, item.path("archived").asBoolean(false), item.path("fork").asBoolean(false),
                    kb < 0 ? -1 : kb * 1024));
        }
        return new Listing.Found(repos);
    }

    private static void auth(HttpRequest.Builder r, String token) {
        r.header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28");
        if (token != null && !token.isEmpty()) r.header("Authorization", "Bearer " + token);
    }
}

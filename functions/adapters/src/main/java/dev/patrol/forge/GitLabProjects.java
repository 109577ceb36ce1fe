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
 * A group's projects, subgroups included, from GitLab's REST API:
 * {@code GET /api/v4/groups/{url-encoded path}/projects?include_subgroups=true}, and
 * {@code GET /api/v4/users/{user}/projects} when the path is a user's namespace. A fork carries
 * {@code forked_from_project}; the size is {@code statistics.repository_size} (bytes), which
 * GitLab gives to members with at least the Reporter role.
 */
record GitLabProjects(ForgeApi api, String base) {
    Listing list(SecretsConfig.Org org, String token) {
        String path = URLEncoder.encode(org.path(), StandardCharsets.UTF_8);
        String archived = org.archived() ? "" : "&archived=false";
        ForgeApi.Pages pages = api.pages(URI.create(base + "/groups/" + path
                + "/projects?include_subgroups=true&per_page=100&statistics=true&order_by=id&sort=asc" + archived), r -> auth(r, token));
        if (pages instanceof ForgeApi.Pages.Refused r && r.status() == 404 && !org.path().contains("/")) {
            pages = api.pages(URI.create(base + "/users/" + path + "/projects?per_page=100&statistics=true&order_by=id&sort=asc" + archived),
                    req -> auth(req, token));
        }
        if (!(pages instanceof ForgeApi.Pages.All all)) {
            return ForgeApi.failure("GitLab", org, pages, "GitLab has no group or user \"" + org.path() + "\" that "
                    + (token == null ? "can be seen without a token" : "its token can see") + " (HTTP 404); check the org address of secrets.repos "
                    + org.name() + (token == null ? ", and give it a token if the group is private" : ", and that its token may read the group"));
        }
        String prefix = org.path() + "/";
        List<ListedRepo> repos = new ArrayList<>();
        for (JsonNode item : all.items()) {
            String full = ForgeApi.text(item, "path_with_namespace");
            String clone = ForgeApi.text(item, "http_url_to_repo");
            if (full == null || clone == null) continue;
            String relative = full.regionMatches(true, 0, prefix, 0, prefix.length()) ? full.substring(prefix.length()) : full;
            JsonNode forked = item.get("forked_from_project");
            repos.add(new ListedRepo(relative, clone, item.path("archived").asBoolean(false), forked != null && !forked.isNull(),
                    item.path("statistics").path("repository_size").asLong(-1)));
        }
        return new Listing.Found(repos);
    }

    private static void auth(HttpRequest.Builder r, String token) {
        if (token != null && !token.isEmpty()) r.header("Authorization", "Bearer " + token);
    }
}

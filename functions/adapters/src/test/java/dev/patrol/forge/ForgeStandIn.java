package dev.patrol.forge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's and GitLab's repository-listing APIs on loopback, answering the way their documentation
 * shows: GitHub's {@code GET /orgs/{org}/repos} and {@code /users/{user}/repos} (repository objects
 * with {@code name, full_name, clone_url, fork, archived, size}; the next pages at
 * {@code /organizations/{id}/repos?page=N} in a {@code Link} header with {@code next}, {@code last},
 * {@code first}, {@code prev}; 401 {@code Bad credentials}, 404 {@code Not Found}, rate limits as
 * 403 with {@code X-RateLimit-Remaining: 0} and {@code X-RateLimit-Reset}), and GitLab's
 * {@code GET /api/v4/groups/{id or path}/projects} (project objects with
 * {@code path_with_namespace, http_url_to_repo, archived, forked_from_project, statistics};
 * {@code archived=false} filtered by the server; {@code Link}, {@code X-Page}, {@code X-Next-Page},
 * {@code X-Total-Pages} headers). A stand-in because neither forge has a local implementation.
 *
 * <p>Unlike the real forges it pages by its own {@code pageSize}, not the client's {@code per_page},
 * so that a handful of repositories spans several pages.
 */
public final class ForgeStandIn implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.shared();

    /** A repository the stand-in lists; {@code path} is relative to its organisation or group. */
    public record Repo(String path, String cloneUrl, boolean archived, boolean fork, long sizeKb) {
        public static Repo of(String path, String cloneUrl) {
            return new Repo(path, cloneUrl, false, false, 12);
        }
    }

    private record Owner(int id, String kind, String name, String token, List<Repo> repos, Map<String, String> refusal) {}

    private final HttpServer server;
    private final int pageSize;
    private final Map<String, Owner> owners = new LinkedHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private ForgeStandIn(HttpServer server, int pageSize) {
        this.server = server;
        this.pageSize = pageSize;
    }

    public static ForgeStandIn start(int pageSize) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ForgeStandIn standIn = new ForgeStandIn(s, pageSize);
        s.createContext("/", standIn::handle);
        s.setExecutor(Executors.newFixedThreadPool(2));
        s.start();
        return standIn;
    }

    /** {@code http://127.0.0.1:PORT}: the value of {@code PATROL_FORGE_TEST_API}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ForgeStandIn githubOrg(String org, String token, List<Repo> repos) {
        return add("github-org", org, token, repos, Map.of());
    }

    public ForgeStandIn githubUser(String user, String token, List<Repo> repos) {
        return add("github-user", user, token, repos, Map.of());
    }

    public ForgeStandIn gitlabGroup(String group, String token, List<Repo> repos) {
        return add("gitlab-group", group, token, repos, Map.of());
    }

    /** An organisation whose every listing is answered with {@code status} and {@code headers} (a rate limit). */
    public ForgeStandIn refusing(String kind, String name, int status, Map<String, String> headers) {
        Map<String, String> r = new LinkedHashMap<>(headers);
        r.put(":status", Integer.toString(status));
        return add(kind, name, null, List.of(), r);
    }

    private ForgeStandIn add(String kind, String name, String token, List<Repo> repos, Map<String, String> refusal) {
        owners.put(kind + " " + name, new Owner(1000 + owners.size(), kind, name, token, List.copyOf(repos), refusal));
        return this;
    }

    /** Every request's path and query, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            requests.add(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            String path = uri.getRawPath();
            Map<String, String> query = query(uri.getRawQuery());
            String[] p = path.split("/");
            Owner owner = null;
            boolean gitlab = path.startsWith("/api/v4/");
            if (!gitlab && p.length == 4 && p[3].equals("repos")) {
                String name = URLDecoder.decode(p[2], StandardCharsets.UTF_8);
                owner = switch (p[1]) {
                    case "orgs" -> owners.get("github-org " + name);
                    case "users" -> owners.get("github-user " + name);
                    case "organizations" -> byId(name);
                    default -> null;
                };
            } else if (gitlab && p.length == 6 && p[5].equals("projects") && (p[3].equals("groups") || p[3].equals("users"))) {
                String name = URLDecoder.decode(p[4], StandardCharsets.UTF_8);
                owner = name.matches("[0-9]+") ? byId(name) : owners.get("gitlab-group " + name);
            }
            if (owner == null) {
                send(ex, 404, gitlab ? "{\"message\":\"404 Group Not Found\"}"
                        : "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/repos/repos#list-organization-repositories\",\"status\":\"404\"}");
                return;
            }
            if (!owner.refusal().isEmpty()) {
                owner.refusal().forEach((k, v) -> { if (!k.startsWith(":")) ex.getResponseHeaders().add(k, v); });
                send(ex, Integer.parseInt(owner.refusal().get(":status")), gitlab ? "{\"message\":\"429 Too Many Requests\"}"
                        : "{\"message\":\"API rate limit exceeded for installation.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\",\"status\":\"403\"}");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (owner.token() != null && !("Bearer " + owner.token()).equals(auth)) {
                send(ex, 401, gitlab ? "{\"message\":\"401 Unauthorized\"}"
                        : "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
                return;
            }
            List<Repo> repos = owner.repos();
            if (gitlab && "false".equals(query.get("archived"))) repos = repos.stream().filter(r -> !r.archived()).toList();
            int page = Integer.parseInt(query.getOrDefault("page", "1"));
            int pages = Math.max(1, (repos.size() + pageSize - 1) / pageSize);
            List<Repo> slice = repos.subList(Math.min(repos.size(), (page - 1) * pageSize), Math.min(repos.size(), page * pageSize));
            String next = gitlab ? url() + "/api/v4/groups/" + owner.id() + "/projects?" + without(uri.getRawQuery()) + "&page="
                    : url() + "/organizations/" + owner.id() + "/repos?" + without(uri.getRawQuery()) + "&page=";
            List<String> links = new ArrayList<>();
            if (page < pages) links.add("<" + next + (page + 1) + ">; rel=\"next\"");
            if (page > 1) links.add("<" + next + (page - 1) + ">; rel=\"prev\"");
            links.add("<" + next + 1 + ">; rel=\"first\"");
            links.add("<" + next + pages + ">; rel=\"last\"");
            if (pages > 1 || gitlab) ex.getResponseHeaders().add("Link", String.join(", ", links));
            if (gitlab) {
                ex.getResponseHeaders().add("X-Page", Integer.toString(page));
                ex.getResponseHeaders().add("X-Per-Page", Integer.toString(pageSize));
                ex.getResponseHeaders().add("X-Next-Page", page < pages ? Integer.toString(page + 1) : "");
                ex.getResponseHeaders().add("X-Prev-Page", page > 1 ? Integer.toString(page - 1) : "");
                ex.getResponseHeaders().add("X-Total", Integer.toString(repos.size()));
                ex.getResponseHeaders().add("X-Total-Pages", Integer.toString(pages));
            } else {
                ex.getResponseHeaders().add("X-RateLimit-Limit", "5000");
                ex.getResponseHeaders().add("X-RateLimit-Remaining", "4990");
            }
            ArrayNode body = JSON.createArrayNode();
            for (int i = 0; i < slice.size(); i++) body.add(gitlab ? project(owner, slice.get(i), i) : repository(owner, slice.get(i), i));
            send(ex, 200, JSON.writeValueAsString(body));
        }
    }

    private Owner byId(String id) {
        return owners.values().stream().filter(o -> Integer.toString(o.id()).equals(id)).findFirst().orElse(null);
    }

    private static ObjectNode repository(Owner owner, Repo r, int i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", owner.id() * 1000 + i);
        o.put("node_id", "R_kgDO" + owner.id() + i);
        o.put("name", r.path());
        o.put("full_name", owner.name() + "/" + r.path());
        o.put("private", true);
        ObjectNode login = o.putObject("owner");
        login.put("login", owner.name());
        login.put("type", owner.kind().equals("github-org") ? "Organization" : "User");
        o.put("html_url", "https://github.com/" + owner.name() + "/" + r.path());
        o.put("fork", r.fork());
        o.put("clone_url", r.cloneUrl());
        o.put("ssh_url", "git@github.com:" + owner.name() + "/" + r.path() + ".git");
        o.put("size", r.sizeKb());
        o.put("default_branch", "main");
        o.put("archived", r.archived());
        o.put("disabled", false);
        o.put("visibility", "private");
        o.put("pushed_at", "2026-11-30T10:00:00Z");
        return o;
    }

    private static ObjectNode project(Owner owner, Repo r, int i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", owner.id() * 1000 + i);
        String name = r.path().substring(r.path().lastIndexOf('/') + 1);
        o.put("name", name);
        o.put("path", name);
        o.put("path_with_namespace", owner.name() + "/" + r.path());
        o.put("default_branch", "main");
        o.put("http_url_to_repo", r.cloneUrl());
        o.put("ssh_url_to_repo", "git@gitlab.com:" + owner.name() + "/" + r.path() + ".git");
        o.put("web_url", "https://gitlab.com/" + owner.name() + "/" + r.path());
        o.put("archived", r.archived());
        o.put("visibility", "private");
        if (r.fork()) o.putObject("forked_from_project").put("id", 1).put("path_with_namespace", "upstream/" + name);
        ObjectNode stats = o.putObject("statistics");
        stats.put("commit_count", 3);
        stats.put("repository_size", r.sizeKb() * 1024);
        stats.put("storage_size", r.sizeKb() * 1024);
        return o;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static String without(String rawQuery) {
        return rawQuery == null ? "" : rawQuery.replaceAll("(^|&)page=[^&]*", "").replaceAll("^&", "");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

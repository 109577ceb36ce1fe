package dev.patrol.forge;

import dev.patrol.config.SecretsConfig;
import dev.patrol.secrets.org.Forge;
import dev.patrol.secrets.org.ForgeApiBase;
import dev.patrol.secrets.org.Listing;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists organisations through the forges' REST APIs with the JDK's HTTP client: GitHub
 * ({@link GitHubRepos}) and GitLab ({@link GitLabProjects}). Pages are followed through the
 * {@code Link: <…>; rel="next"} header both forges send, and only while it stays on the API's
 * own server, since the token goes with every request. What the forge answers (a refused
 * token, an unknown organisation, a rate limit) comes back as a {@link Listing.Failed} that
 * says what to do; the forge's own error text is not passed on, and the token never is.
 */
public final class ForgeApi implements Forge {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** 100 repositories a page: a bound on a listing that never ends (a forge's bug, a loop of links). */
    private static final int MAX_PAGES = 2_000;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");
    private static final JsonMapper JSON = JsonMapper.shared();

    /** Built on the first listing: every {@code patrol run} makes a ForgeApi, and a client's TLS set-up costs 0.1-0.3 s. */
    private final Supplier<HttpClient> http;

    public ForgeApi() {
        this.http = new Supplier<>() {
            private HttpClient client;

            @Override
            public synchronized HttpClient get() {
                if (client == null) {
                    client = dev.patrol.net.HttpClients.build(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                            .followRedirects(HttpClient.Redirect.NEVER));
                }
                return client;
            }
        };
    }

    ForgeApi(HttpClient http) {
        this.http = () -> http;
    }

    @Override
    public Listing repositories(SecretsConfig.Org org, String token) {
        String base;
        try {
            base = ForgeApiBase.of(org);
        } catch (IllegalArgumentException e) {
            return new Listing.Failed(e.getMessage());
        }
        return org.forge().equals("gitlab") ? new GitLabProjects(this, base).list(org, token) : new GitHubRepos(this, base).list(org, token);
    }

    /** Every item of every page from {@code first}, or the status and headers of the first page that was not a 200. */
    sealed interface Pages {
        record All(List<JsonNode> items) implements Pages {}

        record Refused(int status, HttpHeaders headers) implements Pages {}

        record Broken(String why) implements Pages {}
    }

    Pages pages(URI first, java.util.function.Consumer<HttpRequest.Builder> auth) {
        List<JsonNode> items = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI next = first;
        while (next != null) {
            if (!seen.add(next) || seen.size() > MAX_PAGES) return new Pages.Broken("its pages do not end (page " + seen.size() + " links back)");
            HttpRequest.Builder request = HttpRequest.newBuilder(next).timeout(TIMEOUT).header("User-Agent", "patrol-secrets").GET();
            auth.accept(request);
            HttpResponse<String> response;
            try {
                response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return new Pages.Broken(unreachable(first, e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Pages.Broken("the listing was interrupted");
            }
            if (response.statusCode() != 200) return new Pages.Refused(response.statusCode(), response.headers());
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (RuntimeException e) {
                return new Pages.Broken("its answer was not JSON");
            }
            if (!body.isArray()) return new Pages.Broken("its answer was not a list of repositories");
            body.forEach(items::add);
            URI current = next;
            next = next(response.headers(), first).or(() -> nextPage(response.headers(), current)).orElse(null);
            if (next == null && next(response.headers(), null).isPresent()) {
                return new Pages.Broken("its next page is on another server; Patrol sends the token only to the API it was given");
            }
        }
        return new Pages.All(items);
    }

    /** The {@code rel="next"} link, when it is on the same server as {@code sameAs} (any, for null). */
    static Optional<URI> next(HttpHeaders headers, URI sameAs) {
        for (String link : headers.allValues("Link")) {
            Matcher m = NEXT.matcher(link);
            if (m.find()) {
                URI u;
                try {
                    u = URI.create(m.group(1));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                if (sameAs == null) return Optional.of(u);
                boolean same = sameAs.getScheme().equalsIgnoreCase(u.getScheme()) && sameAs.getHost().equalsIgnoreCase(String.valueOf(u.getHost()))
                        && sameAs.getPort() == u.getPort();
                return same ? Optional.of(u) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** GitLab's {@code X-Next-Page} (empty on the last page), for answers without a Link header. */
    static Optional<URI> nextPage(HttpHeaders headers, URI current) {
        String page = headers.firstValue("X-Next-Page").map(String::strip).orElse("");
        if (!page.matches("[0-9]+") || headers.firstValue("Link").isPresent()) return Optional.empty();
        String query = current.getRawQuery() == null ? "" : current.getRawQuery().replaceAll("(^|&)page=[^&]*", "").replaceAll("^&", "");
        String s = current.toString();
        String head = s.contains("?") ? s.substring(0, s.indexOf('?')) : s;
        return Optional.of(URI.create(head + "?" + (query.isEmpty() ? "" : query + "&") + "page=" + page));
    }

    private static String unreachable(URI uri, IOException e) {
        String why = e instanceof UnknownHostException ? "unknown host"
                : e instanceof HttpTimeoutException ? "timed out"
                : e instanceof ConnectException ? "connection refused"
                : "network error";
        return "could not be reached at " + uri.getScheme() + "://" + uri.getRawAuthority() + " (" + why + ")";
    }

    /**
     * When to try again, from a rate-limited answer: {@code Retry-After} (seconds), else the reset
     * instant GitHub ({@code X-RateLimit-Reset}) and GitLab ({@code RateLimit-Reset}) send, in epoch seconds.
     */
    static String retryHint(HttpHeaders h) {
        Optional<String> after = h.firstValue("Retry-After");
        if (after.isPresent()) return "retry in " + after.get().strip() + "s";
        Optional<String> reset = h.firstValue("X-RateLimit-Reset").or(() -> h.firstValue("RateLimit-Reset"));
        if (reset.isPresent()) {
            try {
                return "the limit resets at " + Instant.ofEpochSecond(Long.parseLong(reset.get().strip()));
            } catch (NumberFormatException ignored) {
                // an unreadable reset is left out
            }
        }
        return "retry later";
    }

    static boolean rateLimited(int status, HttpHeaders h) {
        // GitHub's secondary rate limits are a 403 with Retry-After and requests still remaining.
        return status == 429 || status == 403 && ("0".equals(h.firstValue("X-RateLimit-Remaining").orElse(null)) || h.firstValue("Retry-After").isPresent());
    }

    /** What a listing that failed says, for the statuses both forges share. */
    static Listing.Failed failure(String forge, SecretsConfig.Org org, Pages failed, String notFound) {
        String entry = "secrets.repos " + org.name();
        return switch (failed) {
            case Pages.Broken b -> new Listing.Failed("the " + forge + " API " + b.why() + " when listing " + org.url()
                    + "; check that this machine can reach it, or the org address in " + entry);
            case Pages.Refused r when rateLimited(r.status(), r.headers()) -> new Listing.Failed(forge + " rate-limited the listing of "
                    + org.url() + " (HTTP " + r.status() + "); " + retryHint(r.headers()) + ", or give " + entry + " a token of its own");
            case Pages.Refused r when r.status() == 401 -> new Listing.Failed(forge + " refused the token of " + entry
                    + " (HTTP 401: bad or expired credentials) when listing " + org.url() + "; set a valid token that may read its repositories");
            case Pages.Refused r when r.status() == 403 -> new Listing.Failed(forge + " would not list " + org.url()
                    + " (HTTP 403: the token may not read it, or the organisation requires SSO authorisation of the token); "
                    + "give " + entry + " a token with read access to its repositories");
            case Pages.Refused r when r.status() == 404 -> new Listing.Failed(notFound);
            case Pages.Refused r -> new Listing.Failed(forge + " answered HTTP " + r.status() + " when listing " + org.url()
                    + "; the next run tries again");
            case Pages.All a -> throw new IllegalArgumentException("not a failure");
        };
    }

    static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}

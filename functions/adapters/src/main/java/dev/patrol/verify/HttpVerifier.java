package dev.patrol.verify;

import dev.patrol.secrets.verify.Credential;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.Verification;
import dev.patrol.secrets.verify.Verifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the HTTP verifiers share: one request to the provider's endpoint, with a
 * timeout, and the usual reading of its answer — 2xx works, 401/403 refused,
 * 429 (and a 403 that is a rate limit) rate-limited, the rest unknown. The provider's error text is never passed on: some quote part of the
 * key back (Stripe, OpenAI).
 */
abstract class HttpVerifier implements Verifier {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final HttpClient http;
    private final URI base;

    HttpVerifier(HttpClient http, Endpoint endpoint) {
        this.http = http;
        this.base = endpoint.base(Endpoint.REAL.get(provider()));
    }

    /** The request for this credential, at {@code base}. */
    abstract HttpRequest.Builder request(URI base, Credential credential);

    /** What a successful answer says of who the credential is, or an unverified answer for a 2xx that says no (Slack). */
    abstract Verification identify(HttpResponse<String> response, JsonNode body);

    @Override
    public String call() {
        HttpRequest r = request(base, new Credential(rules().getFirst(), "", "ACCOUNT")).build();
        return r.method() + " " + r.uri();
    }

    @Override
    public Verification verify(Credential credential) {
        HttpResponse<String> response;
        try {
            response = http.send(request(base, credential).timeout(TIMEOUT).header("User-Agent", "patrol-secrets-verify").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Verification.unknown(provider() + " could not be reached (" + dev.patrol.text.ProblemWords.describe(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verification.unknown("interrupted");
        }
        int s = response.statusCode();
        if (rateLimited(s, response.headers())) return Verification.unknown("rate limited by " + provider() + retryAfter(response.headers()));
        if (s >= 200 && s < 300) return identify(response, json(response.body()));
        if (s == 401 || s == 403) return refused(s);
        return Verification.unknown(provider() + " answered HTTP " + s);
    }

    /**
     * A 429, or a 403 that is a rate limit: GitHub's primary limit ({@code X-RateLimit-Remaining: 0}) and its
     * secondary one (403 with {@code Retry-After} while requests remain). Read as a refusal, a live key would
     * be reported as no longer live.
     */
    static boolean rateLimited(int status, HttpHeaders h) {
        return status == 429 || status == 403 && ("0".equals(h.firstValue("X-RateLimit-Remaining").orElse(null)) || h.firstValue("Retry-After").isPresent());
    }

    /** " (retry after 60s)" or " (retry after <date>)" from {@code Retry-After} (seconds or an HTTP date), else nothing: never the header verbatim. */
    static String retryAfter(HttpHeaders h) {
        String after = h.firstValue("Retry-After").orElse("").strip();
        if (after.matches("[0-9]{1,9}")) return " (retry after " + Long.parseLong(after) + "s)";
        try {
            ZonedDateTime at = ZonedDateTime.parse(after, DateTimeFormatter.RFC_1123_DATE_TIME).withZoneSameInstant(ZoneOffset.UTC);
            return " (retry after " + DateTimeFormatter.RFC_1123_DATE_TIME.format(at) + ")";
        } catch (DateTimeParseException e) {
            return "";
        }
    }

    /** How a 401 or 403 reads: refused, unless a verifier knows its provider means something else. */
    Verification refused(int status) {
        return Verification.unverified(provider() + " refused it (HTTP " + status + ")");
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    /** A field of the answer as text, or empty: identity comes from the provider's fields only. */
    static String text(JsonNode body, String field) {
        JsonNode n = body.path(field);
        return n.isValueNode() ? n.asString() : "";
    }
}

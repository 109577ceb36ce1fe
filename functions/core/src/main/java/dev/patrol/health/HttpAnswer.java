package dev.patrol.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** What an endpoint answered: status, time to the full answer, headers, body (capped), certificate expiry. */
public final class HttpAnswer {
    private final int status;
    private final Duration responseTime;
    private final Map<String, List<String>> headers;
    private final String body;
    private final Instant certNotAfter;
    private final boolean bodyCut;
    private final int redirects;
    private JsonNode json;
    private boolean jsonParsed;

    public HttpAnswer(int status, Duration responseTime, Map<String, List<String>> headers, String body, Instant certNotAfter) {
        this(status, responseTime, headers, body, certNotAfter, false, 0);
    }

    /**
     * @param bodyCut   the body was longer than Patrol reads ({@link EndpointProbe#BODY_CAP}) and is its first part only
     * @param redirects how many redirects were followed to get here
     */
    public HttpAnswer(int status, Duration responseTime, Map<String, List<String>> headers, String body, Instant certNotAfter,
                      boolean bodyCut, int redirects) {
        this.bodyCut = bodyCut;
        this.redirects = redirects;
        this.status = status;
        this.responseTime = responseTime;
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) headers.forEach((k, v) -> { if (k != null) h.put(k, v); });
        this.headers = h;
        this.body = body == null ? "" : body;
        this.certNotAfter = certNotAfter;
    }

    public int status() {
        return status;
    }

    public Duration responseTime() {
        return responseTime;
    }

    public String body() {
        return body;
    }

    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", v));
    }

    public boolean bodyCut() {
        return bodyCut;
    }

    public int redirects() {
        return redirects;
    }

    public Optional<Instant> certNotAfter() {
        return Optional.ofNullable(certNotAfter);
    }

    /** The body as JSON, parsed once; empty when it is not JSON. */
    public synchronized Optional<JsonNode> json() {
        if (!jsonParsed) {
            jsonParsed = true;
            try {
                String trimmed = body.strip();
                if (trimmed.startsWith("{") || trimmed.startsWith("[")) json = dev.patrol.state.Json.MAPPER.readTree(trimmed);
            } catch (RuntimeException e) {
                json = null;
            }
        }
        return Optional.ofNullable(json);
    }

    @Override
    public String toString() {
        return "HTTP " + status + " in " + responseTime.toMillis() + "ms" + (headers.containsKey("content-type")
                ? " (" + headers.get("content-type").getFirst().toLowerCase(Locale.ROOT) + ")" : "");
    }
}

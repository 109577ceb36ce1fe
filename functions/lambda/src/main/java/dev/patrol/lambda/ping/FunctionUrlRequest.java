package dev.patrol.lambda.ping;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a Lambda function URL request (payload format 2.0) the ping
 * endpoint reads. Header names are lower-case, as function URLs deliver them.
 */
public record FunctionUrlRequest(String method, String path, Map<String, String> headers, Map<String, String> query, String body) {

    public FunctionUrlRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    public FunctionUrlRequest(String method, String path, Map<String, String> headers, Map<String, String> query) {
        this(method, path, headers, query, null);
    }

    public static FunctionUrlRequest parse(byte[] event) {
        JsonNode node = JsonMapper.shared().readTree(event);
        String method = node.path("requestContext").path("http").path("method").asString("GET");
        String path = node.path("rawPath").asString(node.path("requestContext").path("http").path("path").asString("/"));
        return new FunctionUrlRequest(method.toUpperCase(Locale.ROOT), path,
                strings(node.path("headers"), true), strings(node.path("queryStringParameters"), false), body(node));
    }

    /** The body as text; function URLs base64-encode bodies they do not take for text. */
    private static String body(JsonNode node) {
        JsonNode body = node.path("body");
        if (!body.isString()) return null;
        if (!node.path("isBase64Encoded").asBoolean(false)) return body.asString();
        try {
            return new String(java.util.Base64.getDecoder().decode(body.asString()), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** The token of {@code Authorization: Bearer <token>}, else of {@code ?token=}. */
    public Optional<String> token() {
        String authorization = headers.getOrDefault("authorization", "");
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7) && authorization.length() > 7) {
            return Optional.of(authorization.substring(7).trim());
        }
        return Optional.ofNullable(query.get("token")).filter(t -> !t.isEmpty());
    }

    private static Map<String, String> strings(JsonNode object, boolean lowerCaseKeys) {
        Map<String, String> map = new HashMap<>();
        object.properties().forEach(e ->
                map.put(lowerCaseKeys ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey(), e.getValue().asString()));
        return map;
    }
}

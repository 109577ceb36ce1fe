package dev.patrol.verify;

import dev.patrol.secrets.verify.Credential;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.Verification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** OpenAI keys: {@code GET /v1/models}, free and read-only; the organisation comes back in {@code openai-organization}. */
final class OpenAiVerifier extends HttpVerifier {

    OpenAiVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "openai";
    }

    public List<String> rules() {
        return List.of("openai-api-key");
    }

    HttpRequest.Builder request(URI base, Credential c) {
        return HttpRequest.newBuilder(base.resolve("/v1/models")).header("Authorization", "Bearer " + c.secret()).GET();
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        String org = response.headers().firstValue("openai-organization").orElse("");
        return Verification.verified("openai key" + (org.isEmpty() ? "" : " of organisation " + org), "");
    }
}

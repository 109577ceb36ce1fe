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

/** GitLab tokens: {@code GET /api/v4/user} with {@code PRIVATE-TOKEN}. */
final class GitLabVerifier extends HttpVerifier {

    GitLabVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "gitlab";
    }

    public List<String> rules() {
        return List.of("gitlab-pat", "gitlab-token");
    }

    HttpRequest.Builder request(URI base, Credential c) {
        return HttpRequest.newBuilder(base.resolve("/api/v4/user")).header("PRIVATE-TOKEN", c.secret()).GET();
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        String user = text(body, "username");
        return Verification.verified("gitlab user " + (user.isEmpty() ? "(unnamed)" : user), "");
    }
}

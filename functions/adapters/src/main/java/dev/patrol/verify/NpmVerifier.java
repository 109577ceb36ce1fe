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

/** npm tokens: the registry's {@code GET /-/whoami}. */
final class NpmVerifier extends HttpVerifier {

    NpmVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "npm";
    }

    public List<String> rules() {
        return List.of("npm-access-token", "npmrc-auth-token");
    }

    HttpRequest.Builder request(URI base, Credential c) {
        return HttpRequest.newBuilder(base.resolve("/-/whoami")).header("Authorization", "Bearer " + c.secret()).GET();
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        String user = text(body, "username");
        return Verification.verified("npm user " + (user.isEmpty() ? "(unnamed)" : user), "");
    }
}

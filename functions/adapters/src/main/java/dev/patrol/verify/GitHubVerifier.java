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

/** GitHub tokens: {@code GET /user}, which any token may call; classic tokens list their scopes in {@code X-OAuth-Scopes}. */
final class GitHubVerifier extends HttpVerifier {

    GitHubVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "github";
    }

    public List<String> rules() {
        return List.of("github-pat", "github-fine-grained-pat", "github-oauth", "github-app-token");
    }

    HttpRequest.Builder request(URI base, Credential c) {
        return HttpRequest.newBuilder(base.resolve("/user")).header("Authorization", "Bearer " + c.secret())
                .header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28").GET();
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        String scopes = response.headers().firstValue("X-OAuth-Scopes").orElse(null);
        String login = text(body, "login");
        return Verification.verified("github user " + (login.isEmpty() ? "(unnamed)" : login),
                scopes == null ? "" : "scopes: " + (scopes.isBlank() ? "none" : scopes.strip()));
    }
}

package dev.patrol.verify;

import dev.patrol.secrets.verify.Credential;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.Verification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Slack tokens: {@code auth.test}, which answers 200 either way and says
 * {@code "ok": false} with an error code for a bad token. Webhook URLs are not
 * verified: the only way to test one is to post to a channel.
 */
final class SlackVerifier extends HttpVerifier {

    /** Error codes that mean the token itself is dead; others (ratelimited, fatal_error) say nothing of it. */
    private static final Set<String> DEAD = Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission");

    SlackVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "slack";
    }

    public List<String> rules() {
        return List.of("slack-bot-token", "slack-user-token", "slack-legacy-token", "slack-app-token", "slack-config-token");
    }

    HttpRequest.Builder request(URI base, Credential c) {
        return HttpRequest.newBuilder(base.resolve("/api/auth.test")).header("Authorization", "Bearer " + c.secret())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody());
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        if (!body.path("ok").asBoolean(false)) {
            String error = text(body, "error");
            return DEAD.contains(error) ? Verification.unverified("slack said " + error)
                    : Verification.unknown("slack said " + (error.isEmpty() ? "nothing" : error.replaceAll("[^a-z_]", "")));
        }
        return Verification.verified("slack user " + text(body, "user") + " in team " + text(body, "team"), "");
    }
}

package dev.patrol.verify;

import dev.patrol.secrets.verify.Credential;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.Verification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Twilio auth tokens, with the account SID found beside them: fetch of that account ({@code GET /2010-04-01/Accounts/SID.json}). */
final class TwilioVerifier extends HttpVerifier {

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-f]{32}");

    TwilioVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "twilio";
    }

    public List<String> rules() {
        return List.of("twilio-api-key");
    }

    @Override
    public boolean applies(String secret) {
        return !secret.startsWith("AC") && !secret.startsWith("SK");
    }

    @Override
    public Pattern partner() {
        return ACCOUNT_SID;
    }

    HttpRequest.Builder request(URI base, Credential c) {
        String basic = Base64.getEncoder().encodeToString((c.partner() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(base.resolve("/2010-04-01/Accounts/" + c.partner() + ".json")).header("Authorization", "Basic " + basic).GET();
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        String name = text(body, "friendly_name");
        return Verification.verified("twilio account " + text(body, "sid") + (name.isEmpty() ? "" : " (" + name + ")"), text(body, "status"));
    }
}

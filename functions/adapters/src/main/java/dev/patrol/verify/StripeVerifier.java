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

/**
 * Stripe secret and restricted keys: {@code GET /v1/balance}. A restricted key
 * without balance access gets 403, which still proves it authenticates.
 */
final class StripeVerifier extends HttpVerifier {

    StripeVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "stripe";
    }

    public List<String> rules() {
        return List.of("stripe-secret-key");
    }

    HttpRequest.Builder request(URI base, Credential c) {
        return HttpRequest.newBuilder(base.resolve("/v1/balance")).header("Authorization", "Bearer " + c.secret()).GET();
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        boolean live = body.path("livemode").asBoolean(false);
        return Verification.verified("stripe " + (live ? "live-mode" : "test-mode") + " key", live ? "" : "test mode: no real money");
    }

    @Override
    Verification refused(int status) {
        return status == 403 ? Verification.verified("stripe restricted key", "it may not read the balance") : super.refused(status);
    }
}

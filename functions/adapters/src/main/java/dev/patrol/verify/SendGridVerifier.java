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

/** SendGrid API keys: {@code GET /v3/scopes}, which every key may read. */
final class SendGridVerifier extends HttpVerifier {

    SendGridVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "sendgrid";
    }

    public List<String> rules() {
        return List.of("sendgrid-api-key");
    }

    HttpRequest.Builder request(URI base, Credential c) {
        return HttpRequest.newBuilder(base.resolve("/v3/scopes")).header("Authorization", "Bearer " + c.secret()).GET();
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        int scopes = body.path("scopes").size();
        boolean sends = false;
        for (JsonNode s : body.path("scopes")) sends |= "mail.send".equals(s.asString());
        return Verification.verified("sendgrid key with " + scopes + " scope" + (scopes == 1 ? "" : "s"), sends ? "it can send mail" : "");
    }
}

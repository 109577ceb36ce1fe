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
import tools.jackson.databind.json.JsonMapper;

/**
 * HubSpot private-app tokens: the access-token info call
 * ({@code POST /oauth/v2/private-apps/get/access-token-info}), which reads no
 * CRM data and names the portal (hub) and the token's scopes. An unknown token is a 400 or 401.
 */
final class HubSpotVerifier extends HttpVerifier {

    HubSpotVerifier(HttpClient http, Endpoint endpoint) {
        super(http, endpoint);
    }

    public String provider() {
        return "hubspot";
    }

    public List<String> rules() {
        return List.of("hubspot-private-app-token");
    }

    HttpRequest.Builder request(URI base, Credential c) {
        String body = JsonMapper.shared().createObjectNode().put("tokenKey", c.secret()).toString();
        return HttpRequest.newBuilder(base.resolve("/oauth/v2/private-apps/get/access-token-info")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    Verification identify(HttpResponse<String> response, JsonNode body) {
        return Verification.verified("hubspot portal " + text(body, "hubId"), body.path("scopes").size() + " scopes");
    }

    @Override
    public Verification verify(Credential credential) {
        Verification v = super.verify(credential);
        // HubSpot answers an unknown token with 400 BAD_REQUEST rather than 401.
        return v.detail().equals("hubspot answered HTTP 400") ? Verification.unverified("hubspot does not know the token (HTTP 400)") : v;
    }
}

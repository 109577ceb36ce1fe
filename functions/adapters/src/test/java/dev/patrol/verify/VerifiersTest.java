package dev.patrol.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.secrets.Finding;
import dev.patrol.secrets.Occurrence;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.Verification;
import dev.patrol.secrets.verify.Verification.Status;
import dev.patrol.secrets.verify.VerificationRun;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given each provider's answer (a loopback stand-in speaking its documented format), Patrol says live, not live, or unknown. */
class VerifiersTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");
    private ProviderStandIn api;
    private VerificationRun run;

    @BeforeEach
    void start() throws Exception {
        api = new ProviderStandIn();
        run = new VerificationRun(Verifiers.all(Endpoint.of(api.url())));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    static Finding finding(String rule, String secret, String path) {
        Occurrence o = new Occurrence("c0ffee", path, 3, 3, 1, secret.length(), "key = " + secret, "Dev", "dev@example.com", null, "add", List.of());
        return new Finding("fp-" + rule + "-" + secret.length() + path, "repo", rule, "", secret, 4.5, List.of(), List.of(o), true);
    }

    private Verification verify(Finding f) {
        return run.verify(List.of(f)).getFirst().verification();
    }

    @Test
    void gitHubTokenIsLiveAsItsUserWithItsScopes() {
        String good = "ghp_" + "A1b".repeat(12);
        api.answer(good, "/user", 200, Map.of("Content-Type", "application/json; charset=utf-8", "X-OAuth-Scopes", "repo, read:org",
                "X-RateLimit-Remaining", "4999"), "{\"login\":\"octocat\",\"id\":1,\"type\":\"User\"}");
        Verification v = verify(finding("github-pat", good, "a"));
        assertThat(v.status()).isEqualTo(Status.VERIFIED);
        assertThat(v.summary()).isEqualTo("live: github user octocat — rotate now (scopes: repo, read:org)");
        assertThat(api.requests.getFirst().authorization()).isEqualTo("Bearer " + good);

        Verification dead = verify(finding("github-pat", "ghp_" + "Z9y".repeat(12), "b"));
        assertThat(dead.status()).isEqualTo(Status.UNVERIFIED);
        assertThat(dead.summary()).isEqualTo("not live: github refused it (HTTP 401)");
    }

    @Test
    void aRateLimitIsUnknownAndTheProviderIsNotAskedAgainInThatRun() {
        String a = "ghp_" + "Q1w".repeat(12);
        String b = "ghp_" + "E2r".repeat(12);
        api.answer(a, "/user", 429, Map.of("Retry-After", "60", "Content-Type", "application/json"),
                "{\"message\":\"API rate limit exceeded\",\"documentation_url\":\"https://docs.github.com/rest/rate-limit\"}");
        List<Finding> out = run.verify(List.of(finding("github-pat", a, "a")));
        assertThat(out.getFirst().verification().status()).isEqualTo(Status.UNKNOWN);
        assertThat(out.getFirst().verification().detail()).isEqualTo("rate limited by github (retry after 60s)");
        Verification next = run.verify(List.of(finding("github-pat", b, "b"))).getFirst().verification();
        assertThat(next.status()).isEqualTo(Status.UNKNOWN);
        assertThat(api.requests).hasSize(1);
    }

    @Test
    void slackAnswers200EitherWayAndSaysOkFalseForADeadToken() {
        String live = "xoxb-123456789012-1234567890123-" + "AbCdEfGh".repeat(3);
        String dead = "xoxb-123456789012-1234567890123-" + "ZyXwVuTs".repeat(3);
        api.answer(live, "/api/auth.test", 200, JSON, "{\"ok\":true,\"url\":\"https://acme.slack.com/\",\"team\":\"Acme\",\"user\":\"deploybot\","
                + "\"team_id\":\"T0123\",\"user_id\":\"U0123\",\"bot_id\":\"B0123\",\"is_enterprise_install\":false}");
        api.answer(dead, "/api/auth.test", 200, JSON, "{\"ok\":false,\"error\":\"invalid_auth\"}");
        assertThat(verify(finding("slack-bot-token", live, "a")).identity()).isEqualTo("slack user deploybot in team Acme");
        assertThat(verify(finding("slack-bot-token", dead, "b")).status()).isEqualTo(Status.UNVERIFIED);
        assertThat(api.requests).allSatisfy(r -> assertThat(r.method()).isEqualTo("POST"));
    }

    @Test
    void slackWebhooksAreNeverPostedTo() {
        Finding hook = finding("slack-webhook-url", "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX", "a");
        assertThat(run.plan(List.of(hook))).isEmpty();
        assertThat(run.verify(List.of(hook)).getFirst().verification()).isNull();
        assertThat(api.requests).isEmpty();
    }

    @Test
    void stripeTellsTestKeysFromLiveOnesAndItsErrorTextNeverReachesTheResult() {
        String test = "sk_test_" + "51Hx".repeat(6);
        api.answer(test, "/v1/balance", 200, JSON, "{\"object\":\"balance\",\"available\":[{\"amount\":0,\"currency\":\"usd\",\"source_types\":{\"card\":0}}],"
                + "\"livemode\":false,\"pending\":[{\"amount\":0,\"currency\":\"usd\",\"source_types\":{\"card\":0}}]}");
        assertThat(verify(finding("stripe-secret-key", test, "a")).summary()).isEqualTo("live: stripe test-mode key — rotate now (test mode: no real money)");
        String dead = "sk_live_" + "9Zq".repeat(8);
        api.answer(dead, "/v1/balance", 401, JSON, "{\"error\":{\"message\":\"Invalid API Key provided: " + dead + "\",\"type\":\"invalid_request_error\"}}");
        Verification v = verify(finding("stripe-secret-key", dead, "b"));
        assertThat(v.status()).isEqualTo(Status.UNVERIFIED);
        assertThat(v.toString()).doesNotContain(dead);
    }

    @Test
    void theOtherProvidersEachSayWhoTheKeyIs() {
        String gitlab = "glpat-" + "xY1z".repeat(5);
        String sendgrid = "SG." + "aB3d".repeat(5) + "xx." + "Qw3r".repeat(10) + "abc";
        String npm = "npm_" + "Ab1C".repeat(9);
        String openai = "sk-proj-" + "Tz8k".repeat(10);
        String hubspot = "pat-na1-" + "1a2b3c4d-1a2b-4c5d-8e9f-1a2b3c4d5e6f";
        String sid = "AC" + "0123456789abcdef".repeat(2);
        String token = "fedcba9876543210".repeat(2);
        api.answer(gitlab, "/api/v4/user", 200, JSON, "{\"id\":7,\"username\":\"jdoe\",\"name\":\"J Doe\",\"state\":\"active\"}")
                .answer(sendgrid, "/v3/scopes", 200, JSON, "{\"scopes\":[\"mail.send\",\"alerts.read\"]}")
                .answer(npm, "/-/whoami", 200, JSON, "{\"username\":\"jdoe\"}")
                .answer(openai, "/v1/models", 200, Map.of("Content-Type", "application/json", "openai-organization", "acme-prod"),
                        "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1715367049,\"owned_by\":\"system\"}]}")
                .answer(hubspot, "/oauth/v2/private-apps/get/access-token-info", 200, JSON,
                        "{\"userId\":123,\"hubId\":4567,\"appId\":890,\"scopes\":[\"crm.objects.contacts.read\"]}")
                .answer(Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8)), "/2010-04-01/Accounts/" + sid + ".json",
                        200, JSON, "{\"sid\":\"" + sid + "\",\"friendly_name\":\"Acme prod\",\"status\":\"active\",\"type\":\"Full\"}");
        List<Finding> out = run.verify(List.of(finding("gitlab-pat", gitlab, "a"), finding("sendgrid-api-key", sendgrid, "b"),
                finding("npm-access-token", npm, "c"), finding("openai-api-key", openai, "d"), finding("hubspot-private-app-token", hubspot, "e"),
                finding("twilio-api-key", sid, "f.env"), finding("twilio-api-key", token, "f.env")));
        assertThat(out).extracting(f -> f.verification() == null ? null : f.verification().identity()).containsExactly(
                "gitlab user jdoe", "sendgrid key with 2 scopes", "npm user jdoe", "openai key of organisation acme-prod", "hubspot portal 4567",
                null, "twilio account " + sid + " (Acme prod)");
        assertThat(verify(finding("hubspot-private-app-token", hubspot.replace('1', '9'), "g")).status()).isEqualTo(Status.UNVERIFIED);
    }

    @Test
    void eachProvidersOwnRefusalIsNotLiveAndNoneOfItsTextIsRepeated() {
        String gitlab = "glpat-" + "dE4f".repeat(5);
        String sendgrid = "SG." + "cD5e".repeat(5) + "yy." + "Er4t".repeat(10) + "abc";
        String npm = "npm_" + "Cd2E".repeat(9);
        String openai = "sk-proj-" + "Uy7j".repeat(10);
        String hubspot400 = "pat-na1-" + "2b3c4d5e-2b3c-4d5e-9f0a-2b3c4d5e6f7a";
        String hubspot401 = "pat-eu1-" + "3c4d5e6f-3c4d-4e5f-8a0b-3c4d5e6f7a8b";
        String sid = "AC" + "00112233445566778899aabbccddeeff";
        String token = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
        api.answer(gitlab, "/api/v4/user", 401, JSON, "{\"message\":\"401 Unauthorized\"}")
                .answer(sendgrid, "/v3/scopes", 401, JSON, "{\"errors\":[{\"field\":null,\"message\":\"authorization required\"}]}")
                .answer(npm, "/-/whoami", 401, Map.of("Content-Type", "application/json", "WWW-Authenticate", "Bearer realm=\"npm\""),
                        "{\"error\":\"Unauthorized\"}")
                .answer(openai, "/v1/models", 401, JSON, "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-****Uy7j. You can find your API key at"
                        + " https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")
                .answer(hubspot400, "/oauth/v2/private-apps/get/access-token-info", 400, JSON,
                        "{\"status\":\"BAD_REQUEST\",\"message\":\"Token is not valid\",\"correlationId\":\"8d2c1f4e-0000-4000-8000-1234567890ab\"}")
                .answer(hubspot401, "/oauth/v2/private-apps/get/access-token-info", 401, JSON,
                        "{\"status\":\"error\",\"message\":\"Authentication credentials not found.\",\"correlationId\":\"9e3d2a5f-0000-4000-8000-1234567890ab\","
                        + "\"category\":\"INVALID_AUTHENTICATION\"}")
                .answer(Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8)), "/2010-04-01/Accounts/" + sid + ".json",
                        401, Map.of("Content-Type", "application/json", "WWW-Authenticate", "Basic realm=\"Twilio API\""),
                        "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
        List<Finding> out = run.verify(List.of(finding("gitlab-pat", gitlab, "a"), finding("sendgrid-api-key", sendgrid, "b"),
                finding("npm-access-token", npm, "c"), finding("openai-api-key", openai, "d"), finding("hubspot-private-app-token", hubspot400, "e"),
                finding("hubspot-private-app-token", hubspot401, "g"), finding("twilio-api-key", sid, "f.env"), finding("twilio-api-key", token, "f.env")));
        List<Verification> refused = out.stream().map(Finding::verification).filter(v -> v != null).toList();
        assertThat(refused).extracting(Verification::summary).containsExactly(
                "not live: gitlab refused it (HTTP 401)", "not live: sendgrid refused it (HTTP 401)", "not live: npm refused it (HTTP 401)",
                "not live: openai refused it (HTTP 401)", "not live: hubspot does not know the token (HTTP 400)",
                "not live: hubspot refused it (HTTP 401)", "not live: twilio refused it (HTTP 401)");
        assertThat(api.requests).hasSize(7);
        assertThat(refused.toString()).doesNotContain("Incorrect", "Uy7j", "Authenticate", "authorization required", "Unauthorized", "Token is not valid");
    }

    @Test
    void aProviderErrorOrNoAnswerIsUnknownNotDead() throws Exception {
        String a = "ghp_" + "T5y".repeat(12);
        String b = "sk_live_" + "8Xw".repeat(8);
        api.answer(a, "/user", 503, Map.of("Content-Type", "text/html"), "<html><body><h1>503 Service Unavailable</h1></body></html>")
                .answer(b, "/v1/balance", 500, JSON, "{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"api_error\"}}");
        List<Finding> out = run.verify(List.of(finding("github-pat", a, "a"), finding("stripe-secret-key", b, "b")));
        assertThat(out).extracting(f -> f.verification().summary())
                .containsExactly("verification unknown: github answered HTTP 503", "verification unknown: stripe answered HTTP 500");

        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Verification refused = new VerificationRun(Verifiers.all(Endpoint.of("http://127.0.0.1:" + closed)))
                .verify(List.of(finding("gitlab-pat", "glpat-" + "fG6h".repeat(5), "c"))).getFirst().verification();
        assertThat(refused.status()).isEqualTo(Status.UNKNOWN);
        assertThat(refused.detail()).startsWith("gitlab could not be reached (").doesNotContain("Exception", "null");
    }

    @Test
    void aRateLimitFromAnyProviderIsUnknownAndSaysWhenToRetry() {
        String openai = "sk-proj-" + "Rr5t".repeat(10);
        String twilioSid = "AC" + "ffeeddccbbaa99887766554433221100";
        String twilioToken = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5";
        api.answer(openai, "/v1/models", 429, Map.of("Content-Type", "application/json", "Retry-After", "20"),
                        "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
                .answer(Base64.getEncoder().encodeToString((twilioSid + ":" + twilioToken).getBytes(StandardCharsets.UTF_8)),
                        "/2010-04-01/Accounts/" + twilioSid + ".json", 429, Map.of("Content-Type", "application/json", "Retry-After", "Fri, 04 Dec 2026 09:00:00 GMT"),
                        "{\"code\":20429,\"message\":\"Too Many Requests\",\"more_info\":\"https://www.twilio.com/docs/errors/20429\",\"status\":429}");
        List<Finding> out = run.verify(List.of(finding("openai-api-key", openai, "a"), finding("twilio-api-key", twilioSid, "f.env"),
                finding("twilio-api-key", twilioToken, "f.env")));
        assertThat(out.get(0).verification().summary()).isEqualTo("verification unknown: rate limited by openai (retry after 20s)");
        // Retry-After may be an HTTP date (RFC 9110); it is named as such, not as a number of seconds.
        assertThat(out.get(2).verification().summary()).isEqualTo("verification unknown: rate limited by twilio (retry after Fri, 4 Dec 2026 09:00:00 GMT)");
    }

    @Test
    void gitHubsSecondaryRateLimitIsA403WithRetryAfterAndIsNotARefusal() {
        // GitHub answers a secondary rate limit with 403 (or 429) and Retry-After while requests remain in the primary limit.
        String live = "ghp_" + "S3c".repeat(12);
        api.answer(live, "/user", 403, Map.of("Content-Type", "application/json; charset=utf-8", "Retry-After", "60", "X-RateLimit-Remaining", "4990"),
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\"}");
        Verification v = verify(finding("github-pat", live, "a"));
        assertThat(v.summary()).isEqualTo("verification unknown: rate limited by github (retry after 60s)");
        // A plain 403 (no Retry-After, requests left) is still a refusal.
        String forbidden = "ghp_" + "F0r".repeat(12);
        api.answer(forbidden, "/user", 403, Map.of("Content-Type", "application/json; charset=utf-8", "X-RateLimit-Remaining", "4990"),
                "{\"message\":\"Resource not accessible by personal access token\",\"documentation_url\":\"https://docs.github.com/rest\"}");
        assertThat(new VerificationRun(Verifiers.all(Endpoint.of(api.url()))).verify(List.of(finding("github-pat", forbidden, "b"))).getFirst()
                .verification().summary()).isEqualTo("not live: github refused it (HTTP 403)");
    }

    @Test
    void aDryRunListsTheCallsAndMakesNone() {
        List<VerificationRun.PlannedCall> calls = new VerificationRun(Verifiers.all(Endpoint.of(null)))
                .plan(List.of(finding("github-pat", "ghp_" + "A1b".repeat(12), "a"), finding("jwt", "eyJ.x.y", "b")));
        assertThat(calls).extracting(VerificationRun.PlannedCall::call).containsExactly("GET https://api.github.com/user");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void theTestEndpointMustBeLoopback() {
        for (String bad : List.of("https://attacker.example", "http://10.0.0.5:8080", "http://localhost.attacker.example", "http://user@127.0.0.1:1")) {
            assertThatThrownBy(() -> Endpoint.of(bad)).as(bad).hasMessageContaining("must be a loopback URL");
        }
        assertThat(Endpoint.of("http://127.0.0.1:8080").base("https://api.github.com").toString()).isEqualTo("http://127.0.0.1:8080");
        assertThat(Endpoint.of("http://[::1]:8080").overridden()).isTrue();
    }
}

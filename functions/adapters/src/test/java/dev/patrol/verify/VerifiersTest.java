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

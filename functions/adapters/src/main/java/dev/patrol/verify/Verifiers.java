package dev.patrol.verify;

import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.Verifier;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/** Every provider Patrol verifies, each at its documented endpoint (or the loopback test override). */
public final class Verifiers {
    private Verifiers() {}

    /**
     * With the environment's test override ({@value Endpoint#TEST_OVERRIDE}), for the secrets job.
     *
     * @throws IllegalArgumentException when the override is not a loopback URL
     */
    public static List<Verifier> fromEnvironment() {
        return all(Endpoint.fromEnvironment());
    }

    public static List<Verifier> all(Endpoint endpoint) {
        // Redirects are not followed: a credential goes to the provider's endpoint and nowhere it points at.
        HttpClient http = dev.patrol.net.HttpClients.build(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER));
        return List.of(new AwsKeyVerifier(endpoint), new GitHubVerifier(http, endpoint), new GitLabVerifier(http, endpoint),
                new SlackVerifier(http, endpoint), new StripeVerifier(http, endpoint), new SendGridVerifier(http, endpoint),
                new NpmVerifier(http, endpoint), new OpenAiVerifier(http, endpoint), new TwilioVerifier(http, endpoint),
                new HubSpotVerifier(http, endpoint));
    }
}

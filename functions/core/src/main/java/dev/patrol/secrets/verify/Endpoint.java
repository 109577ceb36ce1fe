package dev.patrol.secrets.verify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Where a verifier sends a credential: its provider's documented endpoint, and
 * nowhere else. The one exception is for tests: the environment variable
 * {@value #TEST_OVERRIDE} may name a loopback base URL
 * ({@code http://127.0.0.1:PORT}) that every verifier then calls instead; any
 * other value is refused, so the override cannot send found keys off the machine.
 */
public final class Endpoint {

    public static final String TEST_OVERRIDE = "PATROL_VERIFY_TEST_ENDPOINT";

    private final String override;

    private Endpoint(String override) {
        this.override = override;
    }

    /** From the environment; a non-loopback override is a configuration error. */
    public static Endpoint fromEnvironment() {
        return of(System.getenv(TEST_OVERRIDE));
    }

    /** With the given test override (null or empty: none). */
    public static Endpoint of(String override) {
        if (override == null || override.isBlank()) return new Endpoint(null);
        String o = override.strip().replaceAll("/+$", "");
        if (!isLoopback(o)) {
            throw new IllegalArgumentException(TEST_OVERRIDE + " must be a loopback URL such as http://127.0.0.1:8080 (it is for tests only)");
        }
        return new Endpoint(o);
    }

    /** The base URL to call for a provider whose real base is {@code real}. */
    public URI base(String real) {
        return URI.create(override == null ? real : override);
    }

    public boolean overridden() {
        return override != null;
    }

    public static boolean isLoopback(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) return false;
        if (u.getUserInfo() != null || u.getHost() == null) return false;
        return isLoopbackAddress(u.getHost());
    }

    /** A literal loopback address (127.0.0.0/8, ::1, bracketed or not); names never: a name could resolve elsewhere tomorrow. */
    public static boolean isLoopbackAddress(String hostOfUrl) {
        String host = hostOfUrl.replaceAll("^\\[|]$", "");
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The providers' documented endpoints (the base URLs verifiers are built with). */
    public static final Map<String, String> REAL = Map.ofEntries(
            Map.entry("github", "https://api.github.com"),
            Map.entry("gitlab", "https://gitlab.com"),
            Map.entry("slack", "https://slack.com"),
            Map.entry("stripe", "https://api.stripe.com"),
            Map.entry("sendgrid", "https://api.sendgrid.com"),
            Map.entry("npm", "https://registry.npmjs.org"),
            Map.entry("openai", "https://api.openai.com"),
            Map.entry("twilio", "https://api.twilio.com"),
            Map.entry("hubspot", "https://api.hubapi.com"),
            Map.entry("aws", "https://sts.amazonaws.com"));
}

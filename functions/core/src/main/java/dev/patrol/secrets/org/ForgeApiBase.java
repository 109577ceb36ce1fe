package dev.patrol.secrets.org;

import dev.patrol.config.SecretsConfig;
import dev.patrol.secrets.verify.Endpoint;
import java.net.URI;

/**
 * Where an organisation's forge API is: {@code https://api.github.com} for github.com,
 * {@code https://HOST/api/v3} for GitHub Enterprise, {@code https://HOST/api/v4} for GitLab.
 *
 * <p>For tests only, the environment variable {@value #TEST_OVERRIDE} may name a loopback base
 * ({@code http://127.0.0.1:PORT}) that takes the place of the API base (GitLab's {@code /api/v4}
 * is still added to it); then clone addresses must be on loopback too. Any other value
 * is refused, so the override cannot send an organisation's token off the machine.
 */
public final class ForgeApiBase {
    public static final String TEST_OVERRIDE = "PATROL_FORGE_TEST_API";

    private ForgeApiBase() {}

    public static boolean overridden() {
        String o = System.getenv(TEST_OVERRIDE);
        return o != null && !o.isBlank();
    }

    public static boolean isLoopback(String url) {
        return Endpoint.isLoopback(url);
    }

    /** The API base (no trailing slash); an override that is not loopback is an {@link IllegalArgumentException} whose message says so. */
    public static String of(SecretsConfig.Org org) {
        String host = org.host();
        boolean github = org.forge().equals("github");
        if (overridden()) {
            String o = System.getenv(TEST_OVERRIDE).strip().replaceAll("/+$", "");
            if (!isLoopback(o)) {
                throw new IllegalArgumentException(TEST_OVERRIDE + " must be a loopback URL such as http://127.0.0.1:8080 (it is for tests only); unset it");
            }
            return github ? o : o + "/api/v4";
        }
        if (github) return URI.create(host).getHost().equalsIgnoreCase("github.com") ? "https://api.github.com" : host + "/api/v3";
        return host + "/api/v4";
    }
}

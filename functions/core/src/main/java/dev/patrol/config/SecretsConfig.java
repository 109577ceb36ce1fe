package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.time.Duration;
import java.util.List;

/**
 * {@code rules}: "default" (the built-in set) or a path to a gitleaks TOML file.
 * {@code verify}: ask each provider whether the keys found work (off unless
 * asked: it sends found keys to their providers); {@code verifyEvery}: how
 * long a verification of an open finding holds.
 */
public record SecretsConfig(String rules, List<Repo> repos, Severity severity, boolean verify, Duration verifyEvery) {

    public static final Duration DEFAULT_VERIFY_EVERY = Duration.ofDays(7);

    public SecretsConfig {
        repos = List.copyOf(repos);
        if (verifyEvery == null) verifyEvery = DEFAULT_VERIFY_EVERY;
    }

    /** Without verification. */
    public SecretsConfig(String rules, List<Repo> repos, Severity severity) {
        this(rules, repos, severity, false, DEFAULT_VERIFY_EVERY);
    }

    public static SecretsConfig empty() {
        return new SecretsConfig("default", List.of(), Severity.P1);
    }

    /** A repository to sweep: a URL or local path, with an optional token (a {@link SecretValue}). */
    public record Repo(String name, String url, SecretValue token, Severity severity) {
        /**
         * The URL to reach it, with any {@code ${VAR}}, {@code secretsmanager:} or {@code ssm:}
         * reference resolved (as endpoint URLs are). It may carry a password: never show it;
         * {@link #url()} is the URL as written.
         */
        public String reachableUrl(SecretResolver resolver) {
            SecretValue v = SecretValue.of(url);
            return v.isReference() ? v.resolve(resolver) : url;
        }
    }
}

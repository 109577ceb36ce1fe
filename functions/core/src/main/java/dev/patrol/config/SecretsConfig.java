package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.util.List;

/** {@code rules}: "default" (the built-in set) or a path to a gitleaks TOML file. */
public record SecretsConfig(String rules, List<Repo> repos, Severity severity) {
    public SecretsConfig {
        repos = List.copyOf(repos);
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

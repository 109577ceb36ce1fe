package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.time.Duration;
import java.util.List;

/**
 * {@code rules}: "default" (the built-in set) or a path to a gitleaks TOML file.
 * {@code orgs}: organisations and groups whose repositories are swept too.
 * {@code verify}: ask each provider whether the keys found work (off unless
 * asked: it sends found keys to their providers); {@code verifyEvery}: how
 * long a verification of an open finding holds.
 */
public record SecretsConfig(String rules, List<Repo> repos, List<Org> orgs, Severity severity, boolean verify, Duration verifyEvery) {

    public static final Duration DEFAULT_VERIFY_EVERY = Duration.ofDays(7);

    public SecretsConfig {
        repos = List.copyOf(repos);
        orgs = List.copyOf(orgs);
        if (verifyEvery == null) verifyEvery = DEFAULT_VERIFY_EVERY;
    }

    /** Without verification. */
    public SecretsConfig(String rules, List<Repo> repos, List<Org> orgs, Severity severity) {
        this(rules, repos, orgs, severity, false, DEFAULT_VERIFY_EVERY);
    }

    public SecretsConfig(String rules, List<Repo> repos, Severity severity, boolean verify, Duration verifyEvery) {
        this(rules, repos, List.of(), severity, verify, verifyEvery);
    }

    /** Without organisations or verification. */
    public SecretsConfig(String rules, List<Repo> repos, Severity severity) {
        this(rules, repos, List.of(), severity, false, DEFAULT_VERIFY_EVERY);
    }

    public static SecretsConfig empty() {
        return new SecretsConfig("default", List.of(), Severity.P1);
    }

    /**
     * A GitHub organisation (or user) or GitLab group whose repositories are each swept as a
     * target named {@code name/REPO}, listed through the forge's API when the job runs.
     * Archived repositories and forks are skipped unless asked for, as gitleaks' and
     * TruffleHog's organisation scans do; {@code include}/{@code exclude} are globs over the
     * repository's path in the organisation ({@code api}, {@code platform/tools}).
     *
     * @param url the organisation's web address as written ({@code https://github.com/acme})
     * @param forge which API the address speaks: {@code github} or {@code gitlab}
     */
    public record Org(String name, String url, String forge, SecretValue token, boolean archived, boolean forks,
                      List<String> include, List<String> exclude, Severity severity) {
        public Org {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
        }

        /** The organisation's path on its host: {@code acme}, or {@code acme/platform} for a GitLab subgroup. */
        public String path() {
            String rest = url.replaceFirst("^[a-zA-Z]+://[^/]+/", "");
            return rest.replaceAll("/+$", "");
        }

        /** {@code https://host} of {@link #url()}. */
        public String host() {
            java.net.URI u = java.net.URI.create(url);
            return u.getScheme() + "://" + u.getRawAuthority();
        }
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

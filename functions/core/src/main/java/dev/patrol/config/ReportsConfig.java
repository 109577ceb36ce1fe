package dev.patrol.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code reports:} where reports go ({@code s3://bucket/prefix/} or a local folder; null when not
 * configured), how far back DORA metrics and trends look, which benchmark table names the
 * buckets, and the repositories reported on. {@code repos} is empty when the config names none:
 * then every secrets repository is reported with {@link Repo#defaults}.
 */
public record ReportsConfig(String output, Duration window, String benchmark, List<Repo> repos) {
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(90);
    public static final String DORA_2023 = "DORA 2023";
    public static final String DORA_2021 = "DORA 2021";

    public ReportsConfig {
        if (window == null) window = DEFAULT_WINDOW;
        if (benchmark == null) benchmark = DORA_2023;
        repos = repos == null ? List.of() : List.copyOf(repos);
    }

    public ReportsConfig(String output) {
        this(output, DEFAULT_WINDOW, DORA_2023, List.of());
    }

    /**
     * One repository's report settings. {@code deployments} is {@code tag:GLOB} or {@code branch:NAME};
     * {@code services} null means every health target counts.
     */
    public record Repo(String repo, String deployments, List<String> services, Duration failureWindow) {
        public static final String DEFAULT_DEPLOYMENTS = "tag:v*";
        public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofHours(24);

        public Repo {
            if (deployments == null) deployments = DEFAULT_DEPLOYMENTS;
            if (failureWindow == null) failureWindow = DEFAULT_FAILURE_WINDOW;
            services = services == null ? null : List.copyOf(services);
        }

        public static Repo defaults(String repo) {
            return new Repo(repo, DEFAULT_DEPLOYMENTS, null, DEFAULT_FAILURE_WINDOW);
        }
    }

    /** The repositories to report on: those named here, else every secrets repository with the defaults. */
    public List<Repo> effectiveRepos(SecretsConfig secrets) {
        if (!repos.isEmpty()) return repos;
        return secrets.repos().stream().map(r -> Repo.defaults(r.name())).toList();
    }
}

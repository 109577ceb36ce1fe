package dev.patrol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract's {@code reports:} keys: defaults, every key read, and mistakes named with their line. */
class ReportsConfigTest {
    private static final String SECRETS = """
            health:
              endpoints:
                - { name: backend, url: "http://127.0.0.1:9/health" }
            secrets:
              repos:
                - { name: deals, url: deals }
                - { name: crm, url: crm }
            """;

    private static PatrolConfig parse(String yaml) {
        return ConfigLoader.parse(SECRETS + yaml, "patrol.yml", Path.of("/etc/patrol"));
    }

    @Test
    void withoutAReportsSectionEverySecretsRepoIsReportedWithTheDefaults() {
        ReportsConfig r = parse("").reports();
        assertThat(r.output()).isNull();
        assertThat(r.window()).isEqualTo(Duration.ofDays(90));
        assertThat(r.benchmark()).isEqualTo("DORA 2023");
        PatrolConfig c = parse("");
        assertThat(r.effectiveRepos(c.secrets())).containsExactly(ReportsConfig.Repo.defaults("deals"), ReportsConfig.Repo.defaults("crm"));
        assertThat(ReportsConfig.Repo.defaults("deals").deployments()).isEqualTo("tag:v*");
        assertThat(ReportsConfig.Repo.defaults("deals").failureWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(ReportsConfig.Repo.defaults("deals").services()).isNull();
    }

    @Test
    void everyKeyOfTheContractIsRead() {
        ReportsConfig r = parse("""
                reports:
                  output: s3://acme-reports/patrol/
                  window: 30d
                  benchmark: 2021
                  repos:
                    - repo: deals
                      deployments: "branch:main"
                      services: [backend]
                      failureWindow: 6h
                """).reports();
        assertThat(r.output()).isEqualTo("s3://acme-reports/patrol/");
        assertThat(r.window()).isEqualTo(Duration.ofDays(30));
        assertThat(r.benchmark()).isEqualTo("DORA 2021");
        assertThat(r.repos()).containsExactly(new ReportsConfig.Repo("deals", "branch:main", List.of("backend"), Duration.ofHours(6)));
        assertThat(parse("reports: { output: out }").reports().output()).isEqualTo("/etc/patrol/out");
    }

    @Test
    void mistakesAreNamedWithTheirLineAndKey() {
        assertThatThrownBy(() -> parse("""
                reports:
                  windw: 30d
                  benchmark: 2019
                  repos:
                    - { repo: deals, services: [frontend], failureWindow: soon }
                    - { repo: deals }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("patrol.yml:9").hasMessageContaining("reports.windw").hasMessageContaining("did you mean \"window\"")
                .hasMessageContaining("\"2019\" is not a benchmark table; use 2023 (the default) or 2021")
                .hasMessageContaining("\"frontend\" is not a health target").hasMessageContaining("known: backend")
                .hasMessageContaining("reports.repos[0].failureWindow")
                .hasMessageContaining("\"deals\" is listed twice");
    }
}

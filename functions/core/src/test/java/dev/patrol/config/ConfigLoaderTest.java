package dev.patrol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patrol.alert.Severity;
import dev.patrol.config.HealthConfig.Endpoint;
import dev.patrol.config.HealthConfig.Freshness;
import dev.patrol.config.HealthConfig.Heartbeat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private Path contractExample() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/contract-example.yml")) {
            Path file = dir.resolve("patrol.yml");
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    @Test
    void the_contract_example_reads_with_every_value_in_place() throws IOException {
        PatrolConfig c = ConfigLoader.load(contractExample());

        assertThat(c.name()).isEqualTo("acme");
        assertThat(c.state().table()).isEqualTo("patrol-state");
        assertThat(c.state().embedded()).isFalse();
        assertThat(c.state().dir()).isEqualTo(dir.resolve(".patrol"));
        assertThat(c.aws()).isEqualTo(new AwsConfig("us-east-1", "http://127.0.0.1:4566"));

        assertThat(c.alerts().minSeverity()).isEqualTo(Severity.P3);
        assertThat(c.alerts().slackWebhookUrl()).isEqualTo(SecretValue.of("${SLACK_WEBHOOK_URL}"));
        assertThat(c.alerts().slackWebhookUrl().isReference()).isTrue();
        assertThat(c.alerts().snsTopicArn()).isEqualTo("arn:aws:sns:us-east-1:123456789012:patrol");
        assertThat(c.alerts().file()).isEqualTo(dir.resolve(".patrol/alerts.jsonl"));

        Endpoint backend = c.health().endpoints().getFirst();
        assertThat(backend.name()).isEqualTo("backend");
        assertThat(backend.url().raw()).isEqualTo("https://api.example.com/health");
        assertThat(backend.method()).isEqualTo("GET");
        assertThat(backend.headers()).isEmpty();
        assertThat(backend.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backend.expect()).containsExactly("status == 200", "responseTime < 800ms", "body.status == healthy");
        assertThat(backend.failAfter()).isEqualTo(2);
        assertThat(backend.severity()).isEqualTo(Severity.P1);

        Heartbeat crm = c.health().heartbeats().getFirst();
        assertThat(crm.name()).isEqualTo("crm-sync-9am");
        assertThat(crm.schedule().toString()).isEqualTo("0 9 * * MON-FRI");
        assertThat(crm.timezone()).isEqualTo(ZoneId.of("America/Chicago"));
        assertThat(crm.grace()).isEqualTo(Duration.ofMinutes(30));
        assertThat(crm.severity()).isEqualTo(Severity.P1);
        assertThat(crm.failAfter()).isEqualTo(1);
        assertThat(crm.token()).isNull();

        Freshness tracker = c.health().freshness().getFirst();
        assertThat(tracker.name()).isEqualTo("pipeline-tracker");
        assertThat(tracker.object()).isEqualTo("s3://acme-data/pipeline/_PIPELINE_TRACKER.csv");
        assertThat(tracker.maxAge()).isEqualTo(Duration.ofHours(26));
        assertThat(tracker.severity()).isEqualTo(Severity.P2);

        BackupSetConfig pipeline = c.backups().getFirst();
        assertThat(pipeline.name()).isEqualTo("pipeline-csv");
        assertThat(pipeline.location()).isEqualTo("s3://acme-backups/pipeline/");
        assertThat(pipeline.pattern()).isEqualTo("pipeline_{yyyyMMdd}.csv.gz");
        assertThat(pipeline.every()).isEqualTo(Duration.ofDays(1));
        assertThat(pipeline.maxAge()).isEqualTo(Duration.ofHours(26));
        assertThat(pipeline.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(pipeline.minSize()).isEqualTo(1024);
        assertThat(pipeline.restore()).isEqualTo("auto");
        assertThat(pipeline.severity()).isEqualTo(Severity.P0);
        assertThat(pipeline.source()).isNull();
        assertThat(pipeline.prune()).isFalse();

        assertThat(c.secrets().rules()).isEqualTo("default");
        assertThat(c.secrets().repos()).singleElement().satisfies(repo -> {
            assertThat(repo.name()).isEqualTo("deals");
            assertThat(repo.url()).isEqualTo("https://github.com/acme/deals.git");
            assertThat(repo.token()).isEqualTo(SecretValue.of("secretsmanager:patrol/github"));
            assertThat(repo.severity()).isEqualTo(Severity.P1);
        });
        assertThat(c.reports().output()).isEqualTo("s3://acme-reports/patrol/");
    }

    @Test
    void the_config_remembers_the_file_it_was_read_from() throws IOException {
        Path file = write("ops/acme.yml", "name: acme\n");

        assertThat(ConfigLoader.load(file).source()).isEqualTo(file.toAbsolutePath().normalize());
    }

    @Test
    void a_minimal_config_gets_the_documented_defaults() throws IOException {
        PatrolConfig c = ConfigLoader.load(write("patrol.yml", """
                health:
                  endpoints:
                    - name: backend
                      url: http://127.0.0.1:8080/health
                  heartbeats:
                    - name: nightly
                      schedule: "@daily"
                backups:
                  - name: db
                    location: s3://acme-backups/db/
                    pattern: "db_{yyyyMMdd}.sql.gz"
                """));

        assertThat(c.name()).isEqualTo("patrol");
        assertThat(c.state().embedded()).isTrue();
        assertThat(c.state().dir()).isEqualTo(dir.resolve(".patrol"));
        assertThat(c.aws()).isEqualTo(new AwsConfig(null, null));
        assertThat(c.alerts().minSeverity()).isEqualTo(Severity.P3);
        assertThat(c.alerts().file()).as("the file channel when no channel is set").isEqualTo(dir.resolve(".patrol/alerts.jsonl"));

        Endpoint e = c.health().endpoints().getFirst();
        assertThat(e.method()).isEqualTo("GET");
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(e.expect()).containsExactly("status == 200");
        assertThat(e.failAfter()).isEqualTo(1);
        assertThat(e.severity()).isEqualTo(Severity.P2);

        Heartbeat h = c.health().heartbeats().getFirst();
        assertThat(h.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(h.grace()).isEqualTo(Duration.ofMinutes(30));

        BackupSetConfig b = c.backups().getFirst();
        assertThat(b.every()).isEqualTo(Duration.ofDays(1));
        assertThat(b.maxAge()).as("every plus 2h").isEqualTo(Duration.ofHours(26));
        assertThat(b.retention()).isNull();
        assertThat(b.minSize()).isEqualTo(1);
        assertThat(b.restore()).isEqualTo("auto");
        assertThat(b.severity()).isEqualTo(Severity.P1);
        assertThat(b.failAfter()).isEqualTo(1);

        assertThat(c.secrets().repos()).isEmpty();
        assertThat(c.secrets().verify()).as("verification sends keys to providers: off unless asked").isFalse();
        assertThat(c.secrets().verifyEvery()).isEqualTo(Duration.ofDays(7));
        assertThat(c.reports().output()).isNull();
    }

    @Test
    void no_file_channel_is_added_when_another_channel_is_set() {
        PatrolConfig c = ConfigLoader.parse("""
                alerts:
                  slack: { webhookUrl: "${SLACK_WEBHOOK_URL}" }
                """, "patrol.yml", dir);

        assertThat(c.alerts().file()).isNull();
    }

    @Test
    void a_single_condition_may_be_written_without_a_list() {
        PatrolConfig c = ConfigLoader.parse("""
                health:
                  endpoints:
                    - name: backend
                      url: https://api.example.com/health
                      method: head
                      expect: "status < 500"
                      headers: { Authorization: "${API_TOKEN}" }
                """, "patrol.yml", dir);

        Endpoint e = c.health().endpoints().getFirst();
        assertThat(e.expect()).containsExactly("status < 500");
        assertThat(e.method()).isEqualTo("HEAD");
        assertThat(e.headers()).containsExactly(Map.entry("Authorization", SecretValue.of("${API_TOKEN}")));
    }

    @Test
    void relative_paths_resolve_against_the_config_folder_not_the_working_directory() throws IOException {
        Path file = write("ops/patrol.yml", """
                state:
                  dir: state
                alerts:
                  file: out/alerts.jsonl
                health:
                  freshness:
                    - name: tracker
                      object: ./data/_PIPELINE_TRACKER.csv
                      maxAge: 26h
                    - name: remote
                      object: s3://acme-data/tracker.csv
                      maxAge: 26h
                    - name: absolute
                      object: /var/data/tracker.csv
                      maxAge: 26h
                backups:
                  - name: laptop
                    location: ../backups/
                    pattern: "pipeline_{yyyyMMdd}.csv.gz"
                    source: ./data/_PIPELINE_TRACKER.csv
                secrets:
                  rules: rules/gitleaks.toml
                  repos:
                    - name: deals
                      url: ./repos/deals
                    - name: remote
                      url: https://github.com/acme/deals.git
                reports:
                  output: reports
                """);
        Path ops = dir.resolve("ops");

        PatrolConfig c = ConfigLoader.load(file);

        assertThat(c.state().dir()).isEqualTo(ops.resolve("state"));
        assertThat(c.alerts().file()).isEqualTo(ops.resolve("out/alerts.jsonl"));
        assertThat(c.health().freshness()).extracting(Freshness::object).containsExactly(
                ops.resolve("data/_PIPELINE_TRACKER.csv").toString(), "s3://acme-data/tracker.csv", "/var/data/tracker.csv");
        assertThat(c.backups().getFirst().location()).isEqualTo(dir.resolve("backups").toString());
        assertThat(c.backups().getFirst().source()).isEqualTo(ops.resolve("data/_PIPELINE_TRACKER.csv").toString());
        assertThat(c.secrets().rules()).isEqualTo(ops.resolve("rules/gitleaks.toml").toString());
        assertThat(c.secrets().repos()).extracting(SecretsConfig.Repo::url)
                .containsExactly(ops.resolve("repos/deals").toString(), "https://github.com/acme/deals.git");
        assertThat(c.reports().output()).isEqualTo(ops.resolve("reports").toString());
    }

    @Test
    void a_missing_file_says_so_and_how_to_make_one() {
        Path missing = dir.resolve("nope.yml");

        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + " does not exist; create it (see examples/patrol.yml) or pass --config FILE");
    }

    @Test
    void a_folder_is_not_a_config() {
        assertThatThrownBy(() -> ConfigLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("is a folder");
    }

    @Test
    void a_binary_file_is_not_a_config() throws IOException {
        Path file = dir.resolve("patrol.yml");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41, (byte) 0xc3});

        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage(file + " is not UTF-8 text");
    }

    @Test
    void errors_from_a_file_name_that_file() throws IOException {
        Path file = write("patrol.yml", "name: acme\nhelth: {}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: helth is not a known key");
    }

    @Test
    void a_literal_secret_never_shows_in_to_string_of_any_config_record() throws IOException {
        PatrolConfig c = ConfigLoader.load(write("patrol.yml", """
                alerts:
                  slack: { webhookUrl: "https://hooks.slack.com/services/T000/B000/LiteralWebhookKey" }
                health:
                  endpoints:
                    - name: backend
                      url: "https://api.example.com/health?key=LiteralQueryKey"
                      headers: { Authorization: "Bearer LiteralBearerToken" }
                  heartbeats:
                    - name: nightly
                      schedule: "@daily"
                      token: LiteralPingToken
                secrets:
                  repos:
                    - name: deals
                      url: https://github.com/acme/deals.git
                      token: ghp_LiteralGithubToken
                """));

        assertThat(c.toString()).doesNotContain("Literal").contains("<redacted>");
        assertThat(c.alerts().slackWebhookUrl().raw()).endsWith("LiteralWebhookKey");
    }

    @Test
    void a_secret_value_shows_what_kind_of_reference_it_is_but_not_what_it_names_or_holds() {
        assertThat(SecretValue.of("hunter2")).hasToString("<redacted>");
        assertThat(SecretValue.of("${SLACK_WEBHOOK_URL}")).hasToString("<reference>");
        assertThat(SecretValue.of("secretsmanager:patrol/github#token")).hasToString("secretsmanager:<reference>");
        assertThat(SecretValue.of("ssm:/patrol/slack")).hasToString("ssm:<reference>");
        assertThat(SecretValue.of("https://x.example/?key=hunter2&token=${TOKEN}").toString()).doesNotContain("hunter2");
        assertThat(SecretValue.of(null)).isNull();
        assertThat(List.of(SecretValue.of("a"), SecretValue.of("${B}"))).extracting(SecretValue::isReference).containsExactly(false, true);
    }

    @Test
    void secrets_verify_and_verify_every_are_read() {
        PatrolConfig c = ConfigLoader.parse("""
                secrets:
                  verify: true
                  verifyEvery: 1d
                  repos:
                    - name: deals
                      url: https://github.com/acme/deals.git
                """, "patrol.yml", dir);
        assertThat(c.secrets().verify()).isTrue();
        assertThat(c.secrets().verifyEvery()).isEqualTo(Duration.ofDays(1));
    }
}

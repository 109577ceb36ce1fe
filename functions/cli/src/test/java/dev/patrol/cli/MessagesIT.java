package dev.patrol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.patrol.secrets.HistoryBuilder;
import dev.patrol.state.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Messages that used to mislead or show Patrol's insides, through the real command: each says
 * what happened, where, and what to do, in the product's words (no class names, no JGit
 * "Invalid remote: origin", no Jackson feature names, no stack traces).
 */
class MessagesIT {
    @TempDir
    Path dir;

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** A self-signed certificate made by the JDK's keytool, as a team's internal service would have. */
    private HttpsServer selfSignedServer() throws Exception {
        Path store = dir.resolve("tls.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-keyalg", "RSA", "-keysize", "2048", "-alias", "svc", "-dname", "CN=127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        s.createContext("/health", ex -> reply(ex, 200, "{\"status\":\"healthy\"}"));
        s.start();
        return s;
    }

    @Test
    void endpointFailuresSayWhatHappenedAndWhatToDo() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop?key=abc");
            reply(ex, 302, "");
        });
        http.createContext("/big", ex -> reply(ex, 200, "{\"status\":\"healthy\",\"pad\":\"" + "x".repeat(2 << 20) + "\"}"));
        http.start();
        HttpsServer https = selfSignedServer();
        try {
            String base = "http://127.0.0.1:" + http.getAddress().getPort();
            Files.writeString(dir.resolve("patrol.yml"), """
                    name: messages
                    alerts: { file: alerts.jsonl }
                    health:
                      endpoints:
                        - { name: nowhere, url: "http://patrol-check.invalid/health", timeout: 5s }
                        - { name: loop, url: "%s/loop", expect: ["status == 200"] }
                        - { name: big, url: "%s/big", expect: ["body.status == healthy"] }
                        - { name: tls, url: "https://127.0.0.1:%d/health" }
                    """.formatted(base, base, https.getAddress().getPort()));

            PatrolProcess.Result r = PatrolProcess.run(dir, Map.of(), "run", "health", "--json");

            Map<String, String> said = new HashMap<>();
            CommandLineIT.onlyDocument(r).path("results").forEach(x -> said.put(x.path("target").asString(), x.path("message").asString()));
            assertThat(said.get("nowhere")).contains("cannot resolve the host name patrol-check.invalid").doesNotContain("refused");
            assertThat(said.get("loop")).containsPattern("status was 302 after \\d+ redirects").contains("redirect loop").doesNotContain("key=");
            assertThat(said.get("big")).contains("body is larger than the 1 MB Patrol reads").doesNotContain("not JSON");
            assertThat(said.get("tls")).contains("certificate is not trusted").doesNotContain("sun.security").doesNotContain("Exception");
        } finally {
            http.stop(0);
            https.stop(0);
        }
    }

    @Test
    void repositoryRuleAndBaselineProblemsNameThePlaceAndTheFix() throws Exception {
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("deals.git"))) {
            git.commit("main", "init", Map.of("README.md", "# deals\n"));
        }
        // A repository whose objects are damaged, as a bad disk or a half-copied folder leaves it.
        try (HistoryBuilder git = new HistoryBuilder(dir.resolve("damaged.git"))) {
            git.commit("main", "init", Map.of("README.md", "# damaged\n"));
        }
        try (Stream<Path> objects = Files.walk(dir.resolve("damaged.git/objects"))) {
            for (Path o : objects.filter(Files::isRegularFile).toList()) Files.writeString(o, "garbage");
        }
        Files.createDirectories(dir.resolve("rules.d"));
        Files.writeString(dir.resolve("baseline.json"), "{\"findings\": [}");

        PatrolProcess.Result missing = PatrolProcess.run(dir, Map.of(), "secrets", "scan", dir.resolve("nope.git").toUri().toString());
        PatrolProcess.Result damaged = PatrolProcess.run(dir, Map.of(), "secrets", "scan", dir.resolve("damaged.git").toUri().toString());
        PatrolProcess.Result rulesDir = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git", "--rules", "rules.d");
        PatrolProcess.Result baseline = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git", "--baseline", "baseline.json");
        PatrolProcess.Result noRules = PatrolProcess.run(dir, Map.of(), "secrets", "scan", "deals.git", "--rules", "gitleaks.toml");

        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("no repository there; check the URL").doesNotContain("Invalid remote");
        assertThat(damaged.exit()).isEqualTo(3);
        assertThat(damaged.err()).contains("the repository is damaged").contains("git fsck");
        assertThat(rulesDir.exit()).isEqualTo(2);
        assertThat(rulesDir.err()).contains("--rules rules.d is a folder; give a file (a gitleaks TOML file");
        assertThat(baseline.exit()).isEqualTo(2);
        assertThat(baseline.err()).contains("baseline.json is not JSON (line 1, column").doesNotContain("StreamReadFeature");
        assertThat(noRules.exit()).isEqualTo(2);
        assertThat(noRules.err()).contains("--rules gitleaks.toml: no such file in " + dir.toRealPath())
                .contains("give the path of a file (a gitleaks TOML file").contains("or leave --rules out for the default rules");
        for (PatrolProcess.Result r : List.of(missing, damaged, rulesDir, baseline, noRules)) {
            assertThat(r.err().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void yamlAliasesAreRefusedAndTooDeepYamlIsSaidPlainly() throws Exception {
        Files.writeString(dir.resolve("alias.yml"), """
                name: alias
                health:
                  endpoints:
                    - { name: a, url: "http://127.0.0.1:9/a", expect: &std ["status == 200"] }
                    - { name: b, url: "http://127.0.0.1:9/b", expect: *std }
                """);
        Files.writeString(dir.resolve("deep.yml"), "name: deep\nextra: " + "[".repeat(1200) + "]".repeat(1200) + "\n");

        PatrolProcess.Result alias = PatrolProcess.run(dir, Map.of(), "--config", "alias.yml", "config", "validate");
        PatrolProcess.Result deep = PatrolProcess.run(dir, Map.of(), "--config", "deep.yml", "config", "validate");

        assertThat(alias.exit()).isEqualTo(2);
        assertThat(alias.err()).contains("alias.yml:5: health.endpoints[1].expect uses the YAML alias *std, which Patrol does not read")
                .doesNotContain("has no operator");
        assertThat(deep.exit()).isEqualTo(2);
        assertThat(deep.err()).contains("deep.yml cannot be read: it is nested too deeply").doesNotContain("StreamReadConstraints");
    }

    /** {@code run health} of one endpoint that is down, with the Slack webhook {@code ${PATROL_MESSAGES_IT_HOOK}} set to {@code webhook}. */
    private PatrolProcess.Result runHealthWithWebhook(String webhook) throws Exception {
        Files.writeString(dir.resolve("patrol.yml"), """
                name: messages
                alerts: { file: alerts.jsonl, slack: { webhookUrl: "${PATROL_MESSAGES_IT_HOOK}" } }
                health:
                  endpoints:
                    - { name: down, url: "http://127.0.0.1:9/health", failAfter: 1 }
                """);
        return PatrolProcess.run(dir, Map.of("PATROL_MESSAGES_IT_HOOK", webhook), "run", "health");
    }

    @Test
    void anAlertThatCannotBeDeliveredIsAWarningInTheProductsWordsWithNoClassName() throws Exception {
        PatrolProcess.Result r = runHealthWithWebhook(PatrolProcess.UNSET);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).as(r.err()).singleElement().asString()
                .startsWith("patrol: warning: alert DOWN health for down not delivered via slack: ")
                .contains("PATROL_MESSAGES_IT_HOOK is not set").contains("will retry next run")
                .doesNotContain("[WARN]").doesNotContain("Outbox");
    }

    /** A webhook whose port nothing listens on: the JDK's ConnectException has no words of its own, only a cause with none either. */
    @Test
    void aWebhookThatRefusesTheConnectionIsSaidAsARefusedConnection() throws Exception {
        PatrolProcess.Result r = runHealthWithWebhook("http://127.0.0.1:9/services/T0/B0/hook");

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines()).as(r.err()).singleElement().asString()
                .startsWith("patrol: warning: alert DOWN health for down not delivered via slack: could not connect to")
                .contains("connection refused").doesNotContain("no description").doesNotContain("T0/B0")
                .doesNotContain("attempt(s)")
                // said once, by the outbox that keeps the alert (the channel said "kept and sent on the next run" too)
                .satisfies(line -> assertThat(line.split("next run", -1)).hasSize(2));
    }

    /**
     * The Slack webhook is a {@code secretsmanager:} reference to a secret moto holds but has marked for
     * deletion, as AWS refuses such a secret. Before, the warning carried moto's error code and the SDK's
     * words ("InvalidRequestException: An error occurred (InvalidRequestException) when calling the
     * GetSecretValue operation: …") and "try again".
     */
    @Test
    void aSecretAwsWillNotGiveIsAWarningThatNamesTheReferenceAndTheFix() throws Exception {
        try (dev.patrol.s3.MotoServer moto = dev.patrol.s3.MotoServer.start();
             dev.patrol.aws.AwsClients aws = dev.patrol.aws.AwsClients.local(java.net.URI.create(moto.endpoint()))) {
            aws.secretsManager().createSecret(b -> b.name("patrol/slack").secretString("{\"url\":\"https://hooks.slack.com/services/T/B/x\"}"));
            aws.secretsManager().deleteSecret(b -> b.secretId("patrol/slack"));
            Files.writeString(dir.resolve("patrol.yml"), """
                    name: messages
                    aws: { region: us-east-1, endpoint: "%s" }
                    alerts: { file: alerts.jsonl, slack: { webhookUrl: "secretsmanager:patrol/slack#url" } }
                    health:
                      endpoints:
                        - { name: down, url: "http://127.0.0.1:9/health", failAfter: 1 }
                    """.formatted(moto.endpoint()));

            PatrolProcess.Result r = PatrolProcess.run(dir, Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"), "run", "health");

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().lines()).as(r.err()).singleElement().asString()
                    .startsWith("patrol: warning: alert DOWN health for down not delivered via slack: ")
                    .contains("secret 'patrol/slack' (secretsmanager:patrol/slack#url)").contains("scheduled for deletion")
                    .contains("restore-secret").contains("will retry next run")
                    .doesNotContainPattern("[A-Z][A-Za-z]+(Exception|Error)\\b").doesNotContain("An error occurred")
                    .doesNotContain("Request ID").doesNotContain("Unable to execute HTTP request");
        }
    }

    /**
     * {@code PATROL_CONFIG} at an S3 object or SSM parameter that is not there, or that AWS cannot be asked for. Before, the
     * SDK's own message was printed (its provider chains by object name), and every case was exit 2 "check AWS credentials,
     * region and that it exists", also when AWS did not answer.
     */
    @Test
    void aConfigInAwsThatIsMissingOrUnreachableSaysWhichAndHowToFixIt() throws Exception {
        try (dev.patrol.s3.MotoServer moto = dev.patrol.s3.MotoServer.start();
             dev.patrol.aws.AwsClients aws = dev.patrol.aws.AwsClients.local(java.net.URI.create(moto.endpoint()))) {
            aws.s3().createBucket(b -> b.bucket("acme-config"));
            Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                    "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", moto.endpoint(), "AWS_EC2_METADATA_DISABLED", "true"));

            env.put("PATROL_CONFIG", "s3://acme-config/patrol/patrol.yml");
            PatrolProcess.Result noObject = PatrolProcess.run(dir, env, "run", "health", "--json");
            assertThat(noObject.exit()).as(noObject.err()).isEqualTo(2);
            JsonNode doc = CommandLineIT.onlyDocument(noObject);
            assertThat(doc.at("/error/kind").asString()).isEqualTo("config");
            assertThat(noObject.err()).contains("s3://acme-config/patrol/patrol.yml").contains("does not exist")
                    .contains("aws s3 cp patrol.yml s3://acme-config/patrol/patrol.yml");

            env.put("PATROL_CONFIG", "ssm:/patrol/config");
            PatrolProcess.Result noParameter = PatrolProcess.run(dir, env, "run", "health");
            assertThat(noParameter.exit()).as(noParameter.err()).isEqualTo(2);
            assertThat(noParameter.err()).contains("ssm:/patrol/config").contains("does not exist").contains("aws ssm put-parameter --name /patrol/config");

            env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
            PatrolProcess.Result unreachable = PatrolProcess.run(dir, env, "run", "health", "--json");
            assertThat(unreachable.exit()).as(unreachable.err()).isEqualTo(3);
            assertThat(CommandLineIT.onlyDocument(unreachable).at("/error/kind").asString()).isEqualTo("aws");
            assertThat(unreachable.err()).contains("could not read the config (PATROL_CONFIG=ssm:/patrol/config)")
                    .contains("connection refused").contains("check the network");

            env.remove("AWS_ENDPOINT_URL");
            env.put("AWS_REGION", PatrolProcess.UNSET);
            env.put("AWS_DEFAULT_REGION", PatrolProcess.UNSET);
            env.put("AWS_CONFIG_FILE", dir.resolve("none").toString());
            PatrolProcess.Result noRegion = PatrolProcess.run(dir, env, "run", "health");
            assertThat(noRegion.exit()).as(noRegion.err()).isEqualTo(2);
            assertThat(noRegion.err()).contains("no AWS region set: set AWS_REGION");

            for (PatrolProcess.Result r : List.of(noObject, noParameter, unreachable, noRegion)) {
                assertThat(r.err()).doesNotContain("@").doesNotContain("ProviderChain")
                        .doesNotContainPattern("[A-Z][A-Za-z]+(Exception|Error)\\b").doesNotContain("Request ID");
            }
        }
    }

    @Test
    void invokeWithoutCredentialsSaysWhichAreMissing() throws Exception {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_ACCESS_KEY_ID", PatrolProcess.UNSET, "AWS_SECRET_ACCESS_KEY", PatrolProcess.UNSET, "AWS_PROFILE", PatrolProcess.UNSET,
                "AWS_CONFIG_FILE", dir.resolve("none").toString(), "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString());

        PatrolProcess.Result r = PatrolProcess.run(dir, env, "invoke", "health", "--function-name", "acme-health", "--region", "us-east-1", "--json");

        assertThat(r.exit()).isEqualTo(3);
        JsonNode doc = CommandLineIT.onlyDocument(r);
        assertThat(doc.at("/error/message").asString()).contains("no AWS credentials found: set AWS_PROFILE");
        assertThat(r.err()).doesNotContain("@").doesNotContain("ProviderChain");
        assertThat(Json.MAPPER.writeValueAsString(doc)).doesNotContain("ProviderChain");
    }
}

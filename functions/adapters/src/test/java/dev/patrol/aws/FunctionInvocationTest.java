package dev.patrol.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * FunctionInvocation against a stand-in for the Lambda service on loopback.
 *
 * <p>No local implementation of Lambda's Invoke API can be had here (no Docker
 * for LocalStack), so this server speaks the documented REST shape of Invoke
 * itself: {@code POST /2015-03-31/functions/{name}/invocations?Qualifier=...},
 * the function's answer as the body, {@code X-Amz-Function-Error} when the
 * function failed, and {@code x-amzn-ErrorType} for service errors.
 */
class FunctionInvocationTest {
    HttpServer server;
    LambdaClient lambda;
    final AtomicReference<String> path = new AtomicReference<>();
    final AtomicReference<String> body = new AtomicReference<>();
    volatile Answer answer;

    record Answer(int status, String functionError, String errorType, String body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        lambda = LambdaClient.builder().region(Region.US_EAST_1)
                .endpointOverride(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        server.stop(0);
    }

    void handle(HttpExchange exchange) throws IOException {
        path.set(exchange.getRequestURI().toString());
        body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Answer a = answer;
        if (a.functionError() != null) exchange.getResponseHeaders().add("X-Amz-Function-Error", a.functionError());
        if (a.errorType() != null) exchange.getResponseHeaders().add("x-amzn-ErrorType", a.errorType());
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "7");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void aHealthyRunIsPrintedWithExitZeroAndTheTargetsReachTheFunction() {
        answer = new Answer(200, null, null, "{\"job\":\"health\",\"runId\":\"r1\",\"status\":\"ok\",\"results\":[],\"alerts\":[]}");

        var result = new FunctionInvocation(lambda).invoke("acme-health", "live", List.of("backend"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.document().path("runId").asString()).isEqualTo("r1");
        assertThat(path.get()).isEqualTo("/2015-03-31/functions/acme-health/invocations?Qualifier=live");
        assertThat(JsonMapper.shared().readTree(body.get())).isEqualTo(JsonMapper.shared().readTree("{\"targets\":[\"backend\"]}"));
    }

    @Test
    void problemsFoundGiveExitOne() {
        answer = new Answer(200, null, null, "{\"job\":\"backups\",\"runId\":\"r2\",\"status\":\"problems\",\"results\":[],\"alerts\":[]}");

        assertThat(new FunctionInvocation(lambda).invoke("acme-backups", "live", List.of()).exitCode()).isEqualTo(1);
    }

    @Test
    void aFunctionErrorGivesExitThreeWithTheFunctionsMessage() {
        answer = new Answer(200, "Unhandled", null,
                "{\"errorMessage\":\"state store unreachable\",\"errorType\":\"dev.patrol.state.StateUnavailableException\",\"stackTrace\":[]}");

        var result = new FunctionInvocation(lambda).invoke("acme-health", "live", List.of());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.document()).isNull();
        assertThat(result.message()).contains("Unhandled").contains("state store unreachable").doesNotContain("StateUnavailableException")
                .contains("/aws/lambda/acme-health");
    }

    @Test
    void aFunctionThatDoesNotExistIsAUsageError() {
        answer = new Answer(404, null, "ResourceNotFoundException",
                "{\"Type\":\"User\",\"Message\":\"Function not found: arn:aws:lambda:us-east-1:123456789012:function:acme-nope:live\"}");

        var result = new FunctionInvocation(lambda).invoke("acme-nope", "live", List.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).contains("acme-nope:live").contains("--function-name");
    }

    @Test
    void theFunctionNameFollowsTheTemplate() {
        assertThat(FunctionInvocation.functionName("acme", "secrets")).isEqualTo("acme-secrets");
    }
}

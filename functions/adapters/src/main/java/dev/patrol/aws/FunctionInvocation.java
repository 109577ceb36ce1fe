package dev.patrol.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code patrol invoke JOB}: runs a job in its deployed Lambda function and
 * answers like {@code patrol run --json} would, exit code included.
 *
 * <p>The function gets {@code {"targets": [...]}} and answers with the run
 * document. A function error (Lambda's {@code X-Amz-Function-Error}) means
 * Patrol itself failed: exit 3. A function that does not exist is a usage
 * error: exit 2, with a message that says how to name the right one.
 */
public final class FunctionInvocation {
    /** Lambda runs a synchronous invocation for at most 15 minutes; wait a little longer than that. */
    static final Duration LONGEST_RUN = Duration.ofMinutes(16);
    /** The alias every published function version is reached through (see infra/template.yaml). */
    public static final String ALIAS = "live";

    private final LambdaClient lambda;

    public FunctionInvocation(LambdaClient lambda) {
        this.lambda = lambda;
    }

    /**
     * A client for invoking: the caller's credentials (default chain), no
     * retries (a retried run would run twice), and a read timeout as long as a run.
     */
    public static LambdaClient client(String region, String endpoint) {
        LambdaClientBuilder builder = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(LONGEST_RUN).build())
                .overrideConfiguration(o -> o.apiCallTimeout(LONGEST_RUN).retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (region != null) builder.region(Region.of(region));
        if (endpoint != null) builder.endpointOverride(URI.create(endpoint));
        return builder.build();
    }

    /** The deployed function of a job: {@code <name>-<job>}, as infra/template.yaml names it. */
    public static String functionName(String patrolName, String job) {
        return patrolName + "-" + job;
    }

    /** What the invocation gave: the run document (null when there is none), the exit code, and a message for stderr. */
    public record Result(JsonNode document, int exitCode, String message) {}

    public Result invoke(String functionName, String qualifier, List<String> targets) {
        var payload = JsonMapper.shared().createObjectNode();
        targets.forEach(payload.putArray("targets")::add);
        InvokeResponse response;
        try {
            response = lambda.invoke(b -> b.functionName(functionName).qualifier(qualifier)
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromString(payload.toString(), StandardCharsets.UTF_8)));
        } catch (ResourceNotFoundException e) {
            return new Result(null, 2, "no function " + functionName + (qualifier == null ? "" : ":" + qualifier)
                    + " in this account and region: deploy with scripts/deploy, or name it with --function-name and --region");
        } catch (SdkException e) {
            return new Result(null, 3, "could not invoke " + functionName + ": " + AwsErrors.reason(e));
        }
        return read(functionName, response);
    }

    private static Result read(String functionName, InvokeResponse response) {
        String body = response.payload() == null ? "" : response.payload().asUtf8String();
        JsonNode document;
        try {
            document = body.isBlank() ? null : JsonMapper.shared().readTree(body);
        } catch (JacksonException e) {
            return new Result(null, 3, functionName + " answered with something that is not JSON");
        }
        if (response.functionError() != null) {
            String type = document == null ? "" : document.path("errorType").asString("");
            String text = document == null ? "" : document.path("errorMessage").asString("");
            // Lambda's own kinds (Runtime.ExitError, Sandbox.Timedout) say what happened; a Java exception's class does not.
            boolean javaClass = type.matches("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)");
            String what = text.isBlank() ? (javaClass || type.isEmpty() ? "no message" : type) : (javaClass || type.isEmpty() ? text : type + ": " + text);
            return new Result(null, 3, functionName + " failed (" + response.functionError() + "): " + what
                    + (javaClass ? "; its CloudWatch log (/aws/lambda/" + functionName + ") has the details" : ""));
        }
        if (document == null || !document.has("status")) {
            return new Result(document, 3, functionName + " answered without a run document");
        }
        return switch (document.path("status").asString()) {
            case "ok" -> new Result(document, 0, null);
            case "problems" -> new Result(document, 1, null);
            case "pending" -> new Result(document, 0, "the run is still going on in " + document.path("fanout").path("batches").asInt()
                    + " batches; its whole result will be in state under run " + document.path("runId").asString());
            default -> new Result(document, 3, functionName + " reported an error: Patrol could not do its work");
        };
    }
}

package dev.patrol.lambda.fanout;

import java.io.PrintStream;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker's batch counts as a CloudWatch embedded-metric-format log line
 * (namespace {@code Patrol}, metrics {@code Batches} and {@code BatchFailures} by
 * {@code FunctionName}). A batch answered in {@code batchItemFailures} is not a Lambda
 * error, so without this nothing counts it; CloudWatch Logs turns the line into metrics,
 * so the worker needs no {@code cloudwatch:PutMetricData} and makes no call for it.
 */
public final class BatchMetrics {
    public static final String NAMESPACE = "Patrol";

    private final PrintStream out;

    public BatchMetrics(PrintStream out) {
        this.out = out;
    }

    /** Writes one line for an SQS event of {@code batches} messages, {@code failures} of which went back to the queue. */
    public void record(String functionName, Counts counts, Instant at) {
        out.println(line(functionName, counts.batches(), counts.failures(), at));
        out.flush();
    }

    static String line(String functionName, int batches, int failures, Instant at) {
        ObjectNode root = JsonMapper.shared().createObjectNode();
        ObjectNode aws = root.putObject("_aws").put("Timestamp", at.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("FunctionName");
        directive.putArray("Metrics").addObject().put("Name", "Batches").put("Unit", "Count");
        ((tools.jackson.databind.node.ArrayNode) directive.get("Metrics")).addObject().put("Name", "BatchFailures").put("Unit", "Count");
        return root.put("FunctionName", functionName).put("Batches", batches).put("BatchFailures", failures).toString();
    }

    /** How many messages an SQS event held, and how many of them its answer hands back to the queue. */
    public record Counts(int batches, int failures) {
        public static Counts of(byte[] sqsEvent, JsonNode answer) {
            return new Counts(JsonMapper.shared().readTree(sqsEvent).path("Records").size(), answer.path("batchItemFailures").size());
        }
    }
}

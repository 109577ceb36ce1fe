package dev.patrol.lambda.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What an SDK call acts on, and what a statement's Resource names, as one vocabulary: the
 * state table, the alerts topics, the fan-out queue, the config object and parameter, the
 * secrets and parameters patrol.yml refers to, the watched buckets and their objects, the
 * KMS keys. A call is placed by the class that makes it (and, for S3, whether the action
 * is on a bucket or an object); a Resource by the template names it refers to.
 */
final class ResourceKinds {
    /**
     * The kind of a call signed with credentials a sweep found (secrets.verify asks STS whether a leaked key
     * pair works, with that key pair): the function's role signs nothing there, so it needs no permission.
     */
    static final String FOUND_CREDENTIALS = "found credentials";

    /** Class making the call, service → kind. A call from a class not listed is a problem the test names. */
    private static final String CALL_TABLE = """
            dev/patrol/aws/DynamoDbStateStore dynamodb = state table
            dev/patrol/aws/SnsNotifier sns = alert topics
            dev/patrol/aws/AwsSecretResolver secretsmanager = referenced secrets
            dev/patrol/aws/AwsSecretResolver ssm = referenced parameters
            dev/patrol/aws/ConfigSource s3 = config object
            dev/patrol/aws/ConfigSource ssm = config parameter
            dev/patrol/lambda/fanout/FanOut sqs = fan-out queue
            dev/patrol/s3/S3ObjectStore s3 = watched objects
            dev/patrol/s3/S3Posture s3 = watched buckets
            dev/patrol/verify/AwsKeyVerifier sts = found credentials
            """;

    /** Template name a Resource refers to → kind. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("StateTable", "state table"),
            Map.entry("AlertsTopic", "alert topics"), Map.entry("TopicArns", "alert topics"),
            Map.entry("SlackWebhookSecret", "referenced secrets"), Map.entry("RepositoryTokensSecret", "referenced secrets"),
            Map.entry("HeartbeatTokensSecret", "referenced secrets"), Map.entry("SecretArns", "referenced secrets"),
            Map.entry("ParameterArns", "referenced parameters"),
            Map.entry("ConfigParameterName", "config parameter"),
            Map.entry("ReportsBucket.Arn", "config object"), Map.entry("ReportsBucket.Arn/reports", "report outputs"),
            Map.entry("FanOutQueue", "fan-out queue"),
            Map.entry("WatchedBuckets", "watched buckets"), Map.entry("WatchedObjects", "watched objects"),
            Map.entry("KmsKeyArns", "keys"));

    /** S3 permissions on a bucket rather than on its objects. */
    private static final Set<String> BUCKET_ACTIONS = Set.of("s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketVersioning",
            "s3:GetEncryptionConfiguration", "s3:GetBucketPublicAccessBlock", "s3:GetBucketObjectLockConfiguration",
            "s3:GetLifecycleConfiguration");

    private ResourceKinds() {
    }

    /**
     * The kind a call's IAM action acts on, if the table places its class. The object store serves
     * both the watched backups and the report output; which one a call is for shows on its path
     * (the call graph keeps one path per call site, and only the report job reaches a put).
     */
    static Optional<String> ofCall(SdkCallGraph.Call call, String action, String path) {
        String service = call.operation().service();
        if (service.equals("s3") && call.site().equals("dev/patrol/s3/S3ObjectStore") && path.contains("ReportOutput.")) {
            return Optional.of("report outputs");
        }
        for (String line : CALL_TABLE.lines().toList()) {
            String[] parts = line.split("=");
            String[] key = parts[0].trim().split("\\s+");
            if (key[0].equals(call.site()) && key[1].equals(service)) {
                String kind = parts[1].trim();
                if (kind.startsWith("watched")) kind = BUCKET_ACTIONS.contains(action) ? "watched buckets" : "watched objects";
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kinds a statement's Resource refers to; a name not known here comes back as itself, so it shows in a problem. */
    static Set<String> ofResource(JsonNode resource) {
        Set<String> kinds = new TreeSet<>();
        for (String name : names(resource)) {
            if (name.startsWith("AWS::")) continue;
            String bare = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            if (bare.endsWith("LogGroup")) kinds.add("own log group");
            else kinds.add(NAMES.getOrDefault(name, NAMES.getOrDefault(bare, name)));
        }
        return kinds;
    }

    /** Every template name Ref, Fn::GetAtt or Fn::Sub refers to inside {@code node}. */
    static List<String> names(JsonNode node) {
        List<String> found = new java.util.ArrayList<>();
        collect(node, found);
        return found;
    }

    private static void collect(JsonNode node, List<String> found) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                switch (e.getKey()) {
                    case "Ref" -> found.add(e.getValue().asString());
                    case "Fn::GetAtt" -> found.add(e.getValue().path(0).asString() + "." + e.getValue().path(1).asString());
                    case "Fn::Sub" -> {
                        String text = e.getValue().isString() ? e.getValue().asString() : e.getValue().path(0).asString();
                        var m = java.util.regex.Pattern.compile("\\$\\{([^}!]+)}").matcher(text);
                        while (m.find()) {
                            // The reports bucket holds the config and, under reports/, what the report job writes.
                            boolean reports = m.group(1).equals("ReportsBucket.Arn") && text.startsWith("/reports/", m.end());
                            found.add(reports ? "ReportsBucket.Arn/reports" : m.group(1));
                        }
                    }
                    default -> collect(e.getValue(), found);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, found));
        }
    }
}

package dev.patrol.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the stack's roles allow, from the template's parameters (and, for a deployed
 * stack, its outputs): the extra secrets, parameters and topics, the watched buckets
 * and objects, and the stack's own secrets, topic, config parameter and reports
 * bucket. Mirrors the grants in infra/template.yaml, which every job role shares.
 */
public record DeployedGrants(
        String patrolName,
        String configParameter,
        Optional<String> ownTopicArn,
        Optional<String> reportsBucket,
        List<String> secretArns,
        List<String> parameterArns,
        List<String> topicArns,
        List<String> watchedBuckets,
        List<String> watchedObjects) {

    /** From parameter values as given to the stack (absent ones take the template's defaults) and its outputs, if known. */
    public static DeployedGrants from(Map<String, String> parameters, Map<String, String> outputs) {
        return new DeployedGrants(
                parameters.getOrDefault("PatrolName", "patrol"),
                parameters.getOrDefault("ConfigParameterName", "/patrol/config"),
                Optional.ofNullable(outputs.get("AlertsTopicArn")),
                Optional.ofNullable(outputs.get("ReportsBucketName")),
                list(parameters.get("SecretArns"), ""),
                list(parameters.get("ParameterArns"), ""),
                list(parameters.get("TopicArns"), ""),
                list(parameters.get("WatchedBuckets"), "arn:aws:s3:::patrol-none"),
                list(parameters.get("WatchedObjects"), "arn:aws:s3:::patrol-none/*"));
    }

    private static List<String> list(String value, String fallback) {
        String v = value == null ? fallback : value;
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** One warning per reference the roles would refuse, each saying which parameter to extend. */
    public List<String> refusals(List<AwsReference> references, String file) {
        List<String> out = new ArrayList<>();
        for (AwsReference r : references) {
            refusal(r).ifPresent(why -> out.add(file + ":" + r.line() + ": " + r.path() + ": " + why));
        }
        return out;
    }

    private Optional<String> refusal(AwsReference r) {
        return switch (r.kind()) {
            case SECRET -> secretAllowed(r.name()) ? Optional.empty() : Optional.of("the deployed roles may not read the secret \"" + r.name()
                    + "\"; add its ARN to the stack's SecretArns parameter (scripts/deploy --parameter SecretArns=arn:aws:secretsmanager:REGION:ACCOUNT:secret:"
                    + shortName(r.name()) + "-*)");
            case PARAMETER -> parameterAllowed(r.name()) ? Optional.empty() : Optional.of("the deployed roles may not read the parameter \"" + r.name()
                    + "\"; add it to the stack's ParameterArns parameter (arn:aws:ssm:REGION:ACCOUNT:parameter" + slash(r.name())
                    + ", or a path ending in /*)");
            case TOPIC -> topicAllowed(r.name()) ? Optional.empty() : Optional.of("the deployed roles may not publish to " + r.name()
                    + "; use the stack's AlertsTopicArn output, or add the topic to the TopicArns parameter");
            case OBJECT -> objectRefusal(r);
        };
    }

    private boolean secretAllowed(String name) {
        if (name.startsWith("arn:")) return secretArns.stream().anyMatch(g -> glob(g, name));
        for (String own : List.of("slack-webhook", "repository-tokens", "heartbeat-tokens")) {
            if (name.equals(patrolName + "/" + own)) return true;
        }
        // Secrets Manager appends "-" and six random characters to every secret's ARN.
        String candidate = "secret:" + name + "-abcdef";
        return secretArns.stream().map(DeployedGrants::resource)
                .map(g -> g.replaceFirst("-[A-Za-z0-9]{6}$", "-??????"))
                .anyMatch(g -> glob(g, candidate));
    }

    private boolean parameterAllowed(String name) {
        if (name.startsWith("arn:")) return parameterArns.stream().anyMatch(g -> glob(g, name));
        if (slash(name).equals(slash(configParameter))) return true;
        String candidate = "parameter" + slash(name);
        return parameterArns.stream().map(DeployedGrants::resource).anyMatch(g -> glob(g, candidate));
    }

    private boolean topicAllowed(String arn) {
        return ownTopicArn.map(arn::equals).orElse(false) || topicArns.stream().anyMatch(g -> glob(g, arn));
    }

    private Optional<String> objectRefusal(AwsReference r) {
        String bucket = r.name().contains("/") ? r.name().substring(0, r.name().indexOf('/')) : r.name();
        // {yyyy}-style placeholders stand for any text, so the key is compared as a pattern prefix.
        String key = r.name().length() > bucket.length() ? r.name().substring(bucket.length() + 1) : "";
        String keyPattern = key.replaceAll("\\{[^}]*}.*$", "*");
        if (reportsBucket.filter(bucket::equals).isPresent()) {
            if (keyPattern.startsWith("reports/") || keyPattern.equals("config/patrol.yml")) return Optional.empty();
            return Optional.of("the deployed roles may write to the stack's reports bucket only under reports/; use s3://" + bucket + "/reports/");
        }
        String bucketArn = "arn:aws:s3:::" + bucket;
        if (watchedBuckets.stream().noneMatch(g -> glob(g, bucketArn))) {
            return Optional.of("the deployed roles may not list or read the bucket " + bucket
                    + "; add " + bucketArn + " to WatchedBuckets and " + bucketArn + "/* to WatchedObjects");
        }
        String objects = bucketArn + "/" + (keyPattern.isEmpty() || keyPattern.endsWith("/") ? keyPattern + "x" : keyPattern.replace("*", "x"));
        if (watchedObjects.stream().noneMatch(g -> glob(g, objects))) {
            return Optional.of("the deployed roles may list the bucket " + bucket + " but not read " + r.name()
                    + "; add " + bucketArn + "/* (or a prefix covering it) to WatchedObjects");
        }
        return Optional.empty();
    }

    /** An ARN's part after its account ({@code secret:NAME-abc123}), so a name without region or account can be compared. */
    private static String resource(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 ? parts[5] : arn;
    }

    private static String shortName(String name) {
        return name.startsWith("arn:") ? resource(name).replaceFirst("^secret:", "") : name;
    }

    private static String slash(String name) {
        return name.startsWith("/") ? name : "/" + name;
    }

    /** IAM's resource wildcards: * any run of characters, ? any one. */
    static boolean glob(String pattern, String value) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("(?<=[*?])|(?=[*?])")) {
            re.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(value).matches();
    }
}

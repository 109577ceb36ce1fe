package dev.patrol.config;

import java.util.ArrayList;
import java.util.List;

/**
 * An AWS resource patrol.yml names, with where it is named: what a deployed role must be
 * allowed to reach for the job to work.
 *
 * @param kind what the name is
 * @param name the secret's name or ARN, the parameter's name, the topic's ARN, or {@code bucket/key}
 *             (the key may hold date placeholders such as {yyyy}; they stand for any text)
 * @param path the key path in the file, e.g. {@code alerts.sns.topicArn}
 * @param line the line it is on
 */
public record AwsReference(Kind kind, String name, String path, int line) {

    public enum Kind {
        SECRET("Secrets Manager secret"),
        PARAMETER("SSM parameter"),
        TOPIC("SNS topic"),
        OBJECT("S3 location");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * Every reference in the config text, found by value rather than by key so that a new
     * section that takes a secret or a bucket is covered without changing this.
     */
    public static List<AwsReference> in(String text, String file) {
        YamlNode root = new YamlReader(file, new ArrayList<>()).read(text);
        List<AwsReference> found = new ArrayList<>();
        if (root != null) walk(root, "", found);
        return found;
    }

    private static void walk(YamlNode node, String path, List<AwsReference> found) {
        switch (node) {
            case YamlNode.Mapping m -> m.entries().values().forEach(e -> walk(e.value(), path.isEmpty() ? e.key() : path + "." + e.key(), found));
            case YamlNode.Sequence s -> {
                for (int i = 0; i < s.items().size(); i++) walk(s.items().get(i), path + "[" + i + "]", found);
            }
            case YamlNode.Scalar sc -> {
                if (sc.text() != null && sc.string()) classify(sc.text().trim(), path, sc.line(), found);
            }
        }
    }

    private static void classify(String v, String path, int line, List<AwsReference> found) {
        if (v.startsWith("secretsmanager:")) {
            String name = v.substring("secretsmanager:".length());
            int key = name.indexOf('#');
            found.add(new AwsReference(Kind.SECRET, key < 0 ? name : name.substring(0, key), path, line));
        } else if (v.startsWith("ssm:")) {
            found.add(new AwsReference(Kind.PARAMETER, v.substring("ssm:".length()), path, line));
        } else if (v.matches("arn:aws[a-z-]*:sns:.+")) {
            found.add(new AwsReference(Kind.TOPIC, v, path, line));
        } else if (v.startsWith("s3://") && v.length() > 5) {
            found.add(new AwsReference(Kind.OBJECT, v.substring(5), path, line));
        }
    }
}

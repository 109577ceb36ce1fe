package dev.patrol.lambda;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The container's environment, read once: where the config is, the fan-out
 * queue and batch size, and an endpoint override for local AWS stand-ins. Each
 * name is looked up as an environment variable, then as a system property (tests
 * and benchmarks cannot set environment variables of their own JVM).
 *
 * @param configLocation   {@code PATROL_CONFIG}: {@code s3://bucket/key}, {@code ssm:/name} or a path
 * @param queueUrl         {@code PATROL_QUEUE_URL}: the fan-out queue; fan-out is off without it
 * @param batchSize        {@code PATROL_BATCH_SIZE}: most targets one invocation runs (default 25)
 * @param endpoint         {@code PATROL_AWS_ENDPOINT}: endpoint override for S3, SSM and SQS (local stand-ins)
 * @param region           {@code AWS_REGION}, which Lambda always sets
 * @param runtimeFactory   {@code PATROL_RUNTIME_FACTORY}: class name, when several factories are present
 * @param fanOutWait       {@code PATROL_FANOUT_WAIT_SECONDS}: longest a direct invocation waits for its batches (default 600)
 * @param reportsOutput    {@code PATROL_REPORTS_OUTPUT}: where reports go when patrol.yml names no {@code reports.output}
 *                         (the template's reports bucket, under {@code reports/})
 */
public record Settings(String configLocation, Optional<String> queueUrl, int batchSize, Optional<String> endpoint,
                       String region, Optional<String> runtimeFactory, Duration fanOutWait, Optional<String> reportsOutput) {

    public static Settings fromEnvironment() {
        return from(name -> {
            String value = System.getenv(name);
            return value != null && !value.isBlank() ? value : System.getProperty(name);
        });
    }

    static Settings from(UnaryOperator<String> lookup) {
        String config = lookup.apply("PATROL_CONFIG");
        String region = lookup.apply("AWS_REGION");
        return new Settings(
                config == null || config.isBlank() ? "patrol.yml" : config,
                optional(lookup.apply("PATROL_QUEUE_URL")),
                positive("PATROL_BATCH_SIZE", lookup.apply("PATROL_BATCH_SIZE"), 25),
                optional(lookup.apply("PATROL_AWS_ENDPOINT")),
                region == null || region.isBlank() ? "us-east-1" : region,
                optional(lookup.apply("PATROL_RUNTIME_FACTORY")),
                Duration.ofSeconds(positive("PATROL_FANOUT_WAIT_SECONDS", lookup.apply("PATROL_FANOUT_WAIT_SECONDS"), 600)),
                optional(lookup.apply("PATROL_REPORTS_OUTPUT")));
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static int positive(String name, String value, int fallback) {
        if (value == null || value.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }
}

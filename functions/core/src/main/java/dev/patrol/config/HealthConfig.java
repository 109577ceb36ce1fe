package dev.patrol.config;

import dev.patrol.alert.Severity;
import dev.patrol.time.CronExpression;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

public record HealthConfig(List<Endpoint> endpoints, List<Heartbeat> heartbeats, List<Freshness> freshness) {
    public HealthConfig {
        endpoints = List.copyOf(endpoints);
        heartbeats = List.copyOf(heartbeats);
        freshness = List.copyOf(freshness);
    }

    public static HealthConfig empty() {
        return new HealthConfig(List.of(), List.of(), List.of());
    }

    /** An HTTP(S) endpoint and the conditions its answer must meet. The URL may carry a key, so it is a {@link SecretValue}. */
    public record Endpoint(String name, SecretValue url, String method, java.util.Map<String, SecretValue> headers,
                           Duration timeout, List<String> expect, int failAfter, Severity severity) {}

    /** A cron job that pings Patrol; {@code token} authenticates pings sent to the function URL. */
    public record Heartbeat(String name, CronExpression schedule, ZoneId timezone, Duration grace,
                            int failAfter, Severity severity, SecretValue token) {}

    /** A file or s3:// object that must be newer than {@code maxAge}. */
    public record Freshness(String name, String object, Duration maxAge, int failAfter, Severity severity) {}
}

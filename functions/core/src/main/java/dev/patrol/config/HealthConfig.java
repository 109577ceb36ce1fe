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

    /**
     * A job that pings Patrol, on a cron {@code schedule} or, when {@code every} is set, once per period
     * (Healthchecks.io's simple schedule; then {@code schedule} is null). {@code maxDuration}, when set,
     * bounds a run from its start ping to its success ping. {@code token} authenticates pings sent to the function URL.
     */
    public record Heartbeat(String name, CronExpression schedule, Duration every, ZoneId timezone, Duration grace,
                            int failAfter, Severity severity, SecretValue token, Duration maxDuration) {
        public Heartbeat(String name, CronExpression schedule, ZoneId timezone, Duration grace,
                         int failAfter, Severity severity, SecretValue token) {
            this(name, schedule, null, timezone, grace, failAfter, severity, token, null);
        }

        /** As written in the config: the cron expression or {@code every 1h}. */
        public String scheduleText() {
            return every != null ? "every " + dev.patrol.time.Durations.format(every) : String.valueOf(schedule);
        }
    }

    /** A file or s3:// object that must be newer than {@code maxAge}. */
    public record Freshness(String name, String object, Duration maxAge, int failAfter, Severity severity) {}
}

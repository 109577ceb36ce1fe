package dev.patrol.config;

import dev.patrol.alert.Severity;
import dev.patrol.time.CronExpression;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

public record HealthConfig(List<Endpoint> endpoints, List<Heartbeat> heartbeats, List<Freshness> freshness,
                           List<Tcp> tcp, List<Dns> dns, List<Tls> tls) {
    public HealthConfig {
        endpoints = List.copyOf(endpoints);
        heartbeats = List.copyOf(heartbeats);
        freshness = List.copyOf(freshness);
        tcp = List.copyOf(tcp);
        dns = List.copyOf(dns);
        tls = List.copyOf(tls);
    }

    public HealthConfig(List<Endpoint> endpoints, List<Heartbeat> heartbeats, List<Freshness> freshness) {
        this(endpoints, heartbeats, freshness, List.of(), List.of(), List.of());
    }

    public static HealthConfig empty() {
        return new HealthConfig(List.of(), List.of(), List.of());
    }

    /** Every target's name, in config order. */
    public List<String> targetNames() {
        List<String> names = new java.util.ArrayList<>();
        endpoints.forEach(e -> names.add(e.name()));
        heartbeats.forEach(h -> names.add(h.name()));
        freshness.forEach(f -> names.add(f.name()));
        tcp.forEach(t -> names.add(t.name()));
        dns.forEach(d -> names.add(d.name()));
        tls.forEach(t -> names.add(t.name()));
        return names;
    }

    /** A check of a network service below HTTP; {@code kind} is what results and {@code run --json} call it. */
    public sealed interface NetworkCheck permits Tcp, Dns, Tls {
        String name();
        String kind();
        int failAfter();
        Severity severity();
    }

    /** A {@code host:port} that must accept a TCP connection within {@code timeout}. */
    public record Tcp(String name, String host, int port, Duration timeout, int failAfter, Severity severity) implements NetworkCheck {
        public String kind() { return "tcp"; }
    }

    /** A name that must resolve; when {@code expect} is not empty, at least one answer must be one of those addresses. */
    public record Dns(String name, String host, List<String> expect, Duration timeout, int failAfter, Severity severity) implements NetworkCheck {
        public String kind() { return "dns"; }

        public Dns {
            expect = List.copyOf(expect);
        }
    }

    /**
     * The certificate a TLS service at {@code host:port} presents must be valid for more than {@code minValidity}.
     * {@code starttls} is null for plain TLS, or {@code smtp} for a mail server that upgrades its connection.
     */
    public record Tls(String name, String host, int port, String starttls, Duration minValidity, Duration timeout,
                      int failAfter, Severity severity) implements NetworkCheck {
        public String kind() { return "tls"; }
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

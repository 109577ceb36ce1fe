package dev.patrol.health;

import dev.patrol.alert.Severity;
import dev.patrol.config.HealthConfig;
import dev.patrol.config.HealthConfig.Endpoint;
import dev.patrol.config.HealthConfig.Freshness;
import dev.patrol.config.HealthConfig.Heartbeat;
import dev.patrol.pipeline.Job;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.Target;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The health job: endpoints, heartbeats, freshness, TCP, DNS and TLS checks, observed concurrently. */
public final class HealthJob implements Job {
    private final EndpointProbe probe;

    public HealthJob(EndpointProbe probe) {
        this.probe = probe;
    }

    public record EndpointTarget(Endpoint config, List<Condition> conditions) implements Target {
        public String name() { return config.name(); }
        public String kind() { return "endpoint"; }
        public Severity severity() { return config.severity(); }
        public int failAfter() { return config.failAfter(); }
    }

    public record HeartbeatTarget(Heartbeat config) implements Target {
        public String name() { return config.name(); }
        public String kind() { return "heartbeat"; }
        public Severity severity() { return config.severity(); }
        public int failAfter() { return config.failAfter(); }
    }

    public record FreshnessTarget(Freshness config) implements Target {
        public String name() { return config.name(); }
        public String kind() { return "freshness"; }
        public Severity severity() { return config.severity(); }
        public int failAfter() { return config.failAfter(); }
    }

    /** A TCP, DNS or TLS check: its kind is the config record's. */
    public record NetworkTarget(HealthConfig.NetworkCheck config) implements Target {
        public String name() { return config.name(); }
        public String kind() { return config.kind(); }
        public Severity severity() { return config.severity(); }
        public int failAfter() { return config.failAfter(); }
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public int parallelism() {
        // HTTP checks mostly wait; a thousand endpoints should take one timeout, not a thousand.
        return 1024;
    }

    @Override
    public void prepare() {
        probe.prepare();
    }

    /** A heartbeat registers and reads its pings in state; every other check only asks the world. */
    @Override
    public boolean observesWithoutState(Target target) {
        return !(target instanceof HeartbeatTarget);
    }

    @Override
    public List<? extends Target> targets(RunContext context) {
        HealthConfig h = context.config().health();
        List<Target> out = new ArrayList<>();
        h.endpoints().forEach(e -> out.add(new EndpointTarget(e, e.expect().stream().map(Condition::parse).toList())));
        h.heartbeats().forEach(b -> out.add(new HeartbeatTarget(b)));
        h.freshness().forEach(f -> out.add(new FreshnessTarget(f)));
        h.tcp().forEach(t -> out.add(new NetworkTarget(t)));
        h.dns().forEach(d -> out.add(new NetworkTarget(d)));
        h.tls().forEach(t -> out.add(new NetworkTarget(t)));
        return out;
    }

    @Override
    public Observation observe(Target target, RunContext context) throws Exception {
        Instant now = context.clock().instant();
        return switch (target) {
            case EndpointTarget e -> endpoint(e, context, now);
            case HeartbeatTarget h -> {
                Pings pings = new Pings(context.state());
                Instant registered = pings.register(h.name(), now);
                yield HeartbeatCheck.evaluate(h.config(), pings.latest(h.name()), registered, now);
            }
            case FreshnessTarget f -> FreshnessCheck.evaluate(f.config(), context.storage(), now);
            case NetworkTarget n -> switch (n.config()) {
                case HealthConfig.Tcp t -> TcpCheck.evaluate(t);
                case HealthConfig.Dns d -> DnsCheck.evaluate(d);
                case HealthConfig.Tls t -> TlsCheck.evaluate(t, now);
            };
            default -> throw new IllegalArgumentException("not a health target: " + target);
        };
    }

    private Observation endpoint(EndpointTarget e, RunContext context, Instant now) {
        String url = e.config().url().resolve(context.secrets());
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getHost() == null) throw new IllegalArgumentException("no host");
        } catch (IllegalArgumentException ex) {
            return Observation.error("the URL of " + e.name() + " is not valid after resolving references", Map.of());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        e.config().headers().forEach((k, v) -> headers.put(k, v.resolve(context.secrets())));
        EndpointProbe.Outcome outcome = probe.probe(uri, e.config().method(), headers, e.config().timeout());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host", uri.getHost());
        if (outcome instanceof EndpointProbe.Failed f) {
            details.put("responseTimeMs", f.elapsed().toMillis());
            return Observation.fail(hideQuery(f.reason().replace(url, uri.getHost()), uri), details);
        }
        HttpAnswer answer = ((EndpointProbe.Answered) outcome).answer();
        details.put("status", answer.status());
        details.put("responseTimeMs", answer.responseTime().toMillis());
        answer.certNotAfter().ifPresent(c -> details.put("certNotAfter", c.toString()));
        List<String> failed = new ArrayList<>();
        for (Condition c : e.conditions()) {
            Condition.Verdict v = c.evaluate(answer, now);
            if (!v.ok()) failed.add(c.text() + " failed: " + hideQuery(v.observed(), uri));
        }
        details.put("conditions", e.conditions().size());
        if (!failed.isEmpty()) {
            details.put("failed", failed);
            return Observation.fail(failed.getFirst() + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more)" : ""), details);
        }
        return Observation.ok(answer + "; " + e.conditions().size() + " condition" + (e.conditions().size() == 1 ? "" : "s") + " met", details);
    }

    /** Error pages echo the request: the values in the URL's query (where keys travel) never reach a message. */
    private static String hideQuery(String text, URI uri) {
        String query = uri.getRawQuery();
        if (query == null) return text;
        for (String param : query.split("&")) {
            String value = param.substring(param.indexOf('=') + 1);
            if (value.length() < 4) continue;
            text = text.replace(value, "<redacted>");
            try {
                text = text.replace(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8), "<redacted>");
            } catch (IllegalArgumentException malformed) {
                // the raw form was replaced; a malformed escape has no decoded form to hide
            }
        }
        return text;
    }
}

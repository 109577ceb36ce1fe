package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alert channels and how alerts are shaped. {@code slackWebhookUrl} is a
 * {@link SecretValue}: it is resolved only when an alert is sent and never printed.
 * {@code file} defaults to {@code .patrol/alerts.jsonl} beside the config when no
 * channel is set. {@code channels} holds every channel by name (the single
 * slack/sns/file form as slack, sns, file: the default route); {@code routes} send
 * alerts to named ones, {@code escalation} names the route escalations go to.
 * {@code maintenance} holds DOWN/NEW alerts while a window is open; {@code policies}
 * (by "job/target") and {@code defaults} shape reminders and escalation;
 * {@code groupAbove} and {@code flapping} shape how many messages a run sends.
 */
public record AlertsConfig(Severity minSeverity, SecretValue slackWebhookUrl, String snsTopicArn, Path file,
                           List<MaintenanceWindow> maintenance, AlertPolicy defaults, Map<String, AlertPolicy> policies,
                           Map<String, Channel> channels, List<Route> routes, String escalation, int groupAbove, Flapping flapping) {
    public static final int DEFAULT_GROUP_ABOVE = 5;

    /**
     * A target that changed state more than {@code changes} times within {@code window} is FLAPPING. Off unless
     * {@code alerts.flapping} is in the config (the contract: flapping and stable where the config asks for them).
     */
    public record Flapping(int changes, Duration window) {
        public static final Flapping DEFAULT = new Flapping(4, Duration.ofHours(1));
        public static final Flapping OFF = new Flapping(0, Duration.ZERO);

        public boolean enabled() {
            return changes > 0;
        }
    }

    public AlertsConfig {
        maintenance = maintenance == null ? List.of() : List.copyOf(maintenance);
        defaults = defaults == null ? AlertPolicy.NONE : defaults;
        policies = policies == null ? Map.of() : Map.copyOf(policies);
        channels = channels == null ? defaultChannels(slackWebhookUrl, snsTopicArn, file) : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        routes = routes == null ? List.of() : List.copyOf(routes);
        groupAbove = groupAbove <= 0 ? DEFAULT_GROUP_ABOVE : groupAbove;
        flapping = flapping == null ? Flapping.OFF : flapping;
    }

    public AlertsConfig(Severity minSeverity, SecretValue slackWebhookUrl, String snsTopicArn, Path file) {
        this(minSeverity, slackWebhookUrl, snsTopicArn, file, List.of(), AlertPolicy.NONE, Map.of(), null, List.of(), null, 0, null);
    }

    static Map<String, Channel> defaultChannels(SecretValue slack, String topic, Path file) {
        Map<String, Channel> out = new LinkedHashMap<>();
        if (file != null) out.put("file", new Channel("file", Channel.Kind.FILE, null, null, file, false));
        if (slack != null) out.put("slack", new Channel("slack", Channel.Kind.SLACK, slack, null, null, true));
        if (topic != null) out.put("sns", new Channel("sns", Channel.Kind.SNS, null, topic, null, false));
        return out;
    }

    /** The policy of one target: its own keys, then the defaults under {@code alerts:}. */
    public AlertPolicy policy(String job, String target) {
        return policies.getOrDefault(job + "/" + target, AlertPolicy.NONE).over(defaults);
    }

    public AlertsConfig with(List<MaintenanceWindow> windows, Map<String, AlertPolicy> perTarget) {
        return new AlertsConfig(minSeverity, slackWebhookUrl, snsTopicArn, file, windows, defaults, perTarget, channels, routes, escalation,
                groupAbove, flapping);
    }

    /** The channels of the default route: the contract's single slack, sns and file keys. */
    public List<String> defaultRoute() {
        return channels.keySet().stream().filter(n -> Set.of("file", "slack", "sns").contains(n)).sorted().toList();
    }

    /**
     * The channels one alert goes to, each once: the routes it matches (the first, and
     * more while they say continue), else the default route. An escalation goes to the
     * escalation route when one is named. The escalation route takes other alerts too when
     * it has a match of its own (oncall: severity P0 pages for a P0 DOWN); one without a
     * match is for escalations only, or it would take every alert.
     */
    public List<String> channelsFor(String job, String target, String severity, String owner, boolean escalation) {
        if (escalation && this.escalation != null) {
            return routes.stream().filter(r -> r.name().equals(this.escalation)).findFirst().map(Route::channels).orElse(defaultRoute());
        }
        Set<String> out = new LinkedHashSet<>();
        for (Route r : routes) {
            if ((r.name().equals(this.escalation) && r.matchesEverything()) || !r.matches(job, target, severity, owner)) continue;
            out.addAll(r.channels());
            if (!r.continueMatching()) break;
        }
        return out.isEmpty() ? defaultRoute() : new ArrayList<>(out);
    }
}

package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Alert channels. {@code slackWebhookUrl} is a {@link SecretValue}: it is resolved
 * only when an alert is sent and never printed. {@code file} defaults to
 * {@code .patrol/alerts.jsonl} beside the config when no channel is set.
 * {@code maintenance} holds DOWN/NEW alerts while a window is open; {@code policies}
 * (by "job/target") and {@code defaults} shape reminders and escalation.
 */
public record AlertsConfig(Severity minSeverity, SecretValue slackWebhookUrl, String snsTopicArn, Path file,
                           List<MaintenanceWindow> maintenance, AlertPolicy defaults, Map<String, AlertPolicy> policies) {

    public AlertsConfig {
        maintenance = maintenance == null ? List.of() : List.copyOf(maintenance);
        defaults = defaults == null ? AlertPolicy.NONE : defaults;
        policies = policies == null ? Map.of() : Map.copyOf(policies);
    }

    public AlertsConfig(Severity minSeverity, SecretValue slackWebhookUrl, String snsTopicArn, Path file) {
        this(minSeverity, slackWebhookUrl, snsTopicArn, file, List.of(), AlertPolicy.NONE, Map.of());
    }

    /** The policy of one target: its own keys, then the defaults under {@code alerts:}. */
    public AlertPolicy policy(String job, String target) {
        return policies.getOrDefault(job + "/" + target, AlertPolicy.NONE).over(defaults);
    }

    public AlertsConfig with(List<MaintenanceWindow> windows, Map<String, AlertPolicy> perTarget) {
        return new AlertsConfig(minSeverity, slackWebhookUrl, snsTopicArn, file, windows, defaults, perTarget);
    }
}

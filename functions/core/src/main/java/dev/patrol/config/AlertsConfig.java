package dev.patrol.config;

import dev.patrol.alert.Severity;
import java.nio.file.Path;

/**
 * Alert channels. {@code slackWebhookUrl} is a {@link SecretValue}: it is resolved
 * only when an alert is sent and never printed. {@code file} defaults to
 * {@code .patrol/alerts.jsonl} beside the config when no channel is set.
 */
public record AlertsConfig(Severity minSeverity, SecretValue slackWebhookUrl, String snsTopicArn, Path file) {}

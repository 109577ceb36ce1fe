package dev.patrol.channels;

import dev.patrol.alert.Notifier;
import dev.patrol.alert.Notifier.Grouping;
import dev.patrol.aws.SnsNotifier;
import dev.patrol.config.AlertsConfig;
import dev.patrol.config.Channel;
import dev.patrol.config.SecretResolver;
import dev.patrol.local.FileNotifier;
import dev.patrol.slack.SlackNotifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The notifier of every configured channel, by name, for the CLI and the Lambda
 * functions alike. Webhook URLs stay references until a delivery resolves them.
 */
public final class Channels {
    private Channels() {}

    /** {@code files}: whether file channels can be kept (not on a function's disk, which goes with its container). */
    public static Map<String, Notifier> of(AlertsConfig alerts, Supplier<SnsClient> sns, SecretResolver secrets, boolean files) {
        Map<String, Notifier> out = new LinkedHashMap<>();
        for (Channel c : alerts.channels().values()) {
            Notifier n = switch (c.kind()) {
                case FILE -> files ? new FileNotifier(c.file()) : null;
                case SLACK -> SlackNotifier.of(c.webhookUrl(), secrets);
                case SNS -> new SnsNotifier(sns.get(), c.topicArn());
            };
            if (n != null) out.put(c.name(), c.group() ? new Grouping(n) : n);
        }
        return out;
    }
}

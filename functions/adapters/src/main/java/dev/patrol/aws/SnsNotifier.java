package dev.patrol.aws;

import dev.patrol.alert.Alert;
import dev.patrol.alert.DeliveryException;
import dev.patrol.alert.Notifier;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/**
 * Alerts published to an SNS topic, for email, SMS, chat bridges or anything
 * else subscribed. Each message carries the attributes {@code severity} (P0..P3),
 * {@code job} and {@code transition} (down, up, new, resolved) as Strings, so a
 * subscription's filter policy can pick, say, only P0 and P1 downs.
 */
public final class SnsNotifier implements Notifier {

    /** SNS wants a subject shorter than 100 characters, in ASCII, on one line. */
    static final int SUBJECT_MAX = 99;
    /** SNS takes up to 256 KB; long texts are cut well before. */
    private static final int TEXT_MAX = 200_000;

    private final SnsClient sns;
    private final String topicArn;

    /**
     * @param sns      from {@link AwsClients#sns()}; not closed by this notifier
     * @param topicArn {@code alerts.sns.topicArn} in patrol.yml
     */
    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
    }

    @Override
    public String channel() {
        return "sns";
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        try {
            sns.publish(b -> fifo(b, alert).topicArn(topicArn)
                    .subject(subject(alert))
                    .message(message(alert))
                    .messageAttributes(Map.of(
                            "severity", attribute(alert.severity().name()),
                            "job", attribute(alert.job() == null || alert.job().isBlank() ? "unknown" : alert.job()),
                            "transition", attribute(alert.transition().id()))));
        } catch (SdkException e) {
            throw new DeliveryException("could not publish to SNS topic " + topicArn + " (" + AwsErrors.where(sns) + "): "
                    + AwsErrors.reason(e) + ". " + fix(e), e);
        }
    }

    /**
     * A FIFO topic drops a second publish with the same deduplication id within five minutes:
     * with one, an alert sent again after a kill between publishing and the outbox's mark
     * reaches subscribers once. A standard topic has no such thing: at least once.
     */
    private software.amazon.awssdk.services.sns.model.PublishRequest.Builder fifo(
            software.amazon.awssdk.services.sns.model.PublishRequest.Builder b, Alert alert) {
        if (!topicArn.endsWith(".fifo")) return b;
        return b.messageGroupId(alert.job() == null || alert.job().isBlank() ? "patrol" : alert.job())
                .messageDeduplicationId(dedupId(alert.id()));
    }

    /** SNS takes at most 128 characters of a limited alphabet: the id's SHA-256 in hex. */
    static String dedupId(String alertId) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(alertId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String fix(SdkException e) {
        if (e instanceof NotFoundException) {
            return "The topic does not exist there: check alerts.sns.topicArn and aws.region in patrol.yml, or deploy infra/.";
        }
        if (AwsErrors.isAccessDenied(e)) {
            return "The credentials in use may not publish: grant sns:Publish on the topic (and kms:GenerateDataKey and"
                    + " kms:Decrypt if the topic is encrypted with a customer key).";
        }
        if (AwsErrors.isClientSide(e)) return "Check the network, aws.endpoint and aws.region, and AWS credentials.";
        return "Check the topic in the AWS console.";
    }

    /** "[Patrol] DOWN: backend - backend is down", cut to fit, non-ASCII replaced. */
    static String subject(Alert alert) {
        String subject = "[Patrol] " + alert.headline()
                + (alert.title() == null || alert.title().isBlank() || alert.isDigest() ? "" : " - " + alert.title());
        StringBuilder ascii = new StringBuilder(subject.length());
        for (char c : subject.toCharArray()) {
            if (c < 0x20 || c == 0x7f) ascii.append(' ');
            else ascii.append(c < 0x7f ? c : '?');
        }
        String clean = ascii.toString().replaceAll(" +", " ").trim();
        return clean.length() <= SUBJECT_MAX ? clean : clean.substring(0, SUBJECT_MAX - 3) + "...";
    }

    /** Plain text for email and SMS readers: what happened first, then the details by name. */
    static String message(Alert alert) {
        StringBuilder m = new StringBuilder();
        m.append(alert.headline());
        if (!alert.isDigest()) {
            m.append(" (").append(alert.severity().name()).append(' ').append(alert.severity().label()).append(")\n");
            if (alert.title() != null && !alert.title().isBlank()) m.append(alert.title()).append('\n');
        } else {
            m.append('\n');
        }
        if (alert.text() != null && !alert.text().isBlank()) {
            String text = alert.text();
            m.append(text.length() <= TEXT_MAX ? text : text.substring(0, TEXT_MAX) + " [cut]").append('\n');
        }
        m.append('\n');
        line(m, "job", alert.job());
        line(m, "kind", alert.kind());
        line(m, "time", alert.time() == null ? null : alert.time().toString());
        new TreeMap<>(alert.facts()).forEach((k, v) -> line(m, k, v));
        line(m, "link", alert.link());
        line(m, "alert", alert.id());
        return m.toString().stripTrailing();
    }

    private static void line(StringBuilder m, String name, String value) {
        if (value != null && !value.isBlank()) m.append(name).append(": ").append(value).append('\n');
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}

package dev.patrol.config;

import java.nio.file.Path;

/**
 * One place alerts go: a Slack webhook, an SNS topic or a file. {@code name} is how
 * routes and {@code run --json} name it; the contract's single {@code slack:},
 * {@code sns:}, {@code file:} keys are the channels named slack, sns and file.
 * {@code group}: whether several alerts of one run may go as one message (always for
 * Slack, never for a file; SNS only when asked, since subscribers filter on each).
 */
public record Channel(String name, Kind kind, SecretValue webhookUrl, String topicArn, Path file, boolean group) {
    public enum Kind { SLACK, SNS, FILE }
}

package dev.patrol.config;

import java.util.List;

/**
 * Which alerts go to which channels, in the manner of Alertmanager and c7n-mailer:
 * the first route whose every given matcher holds (job, target, severity, owner; each
 * one value or a list) takes the alert, and later routes see it too only when the
 * matched one says {@code continue: true}. An alert no route takes goes to the
 * default route: the single slack/sns/file channels.
 */
public record Route(String name, List<String> jobs, List<String> targets, List<String> severities, List<String> owners,
                    List<String> channels, boolean continueMatching) {
    public Route {
        jobs = List.copyOf(jobs);
        targets = List.copyOf(targets);
        severities = List.copyOf(severities);
        owners = List.copyOf(owners);
        channels = List.copyOf(channels);
    }

    public boolean matches(String job, String target, String severity, String owner) {
        return (jobs.isEmpty() || jobs.contains(job)) && (targets.isEmpty() || targets.contains(target))
                && (severities.isEmpty() || severities.contains(severity)) && (owners.isEmpty() || owners.contains(owner));
    }
}

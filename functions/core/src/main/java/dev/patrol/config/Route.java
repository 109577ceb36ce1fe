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

    /** Whether this route takes the alert; a value the alert lacks (a target without {@code owner}) matches no list. */
    public boolean matches(String job, String target, String severity, String owner) {
        return holds(jobs, job) && holds(targets, target) && holds(severities, severity) && holds(owners, owner);
    }

    /** A route without {@code match}: it takes whatever reaches it. */
    public boolean matchesEverything() {
        return jobs.isEmpty() && targets.isEmpty() && severities.isEmpty() && owners.isEmpty();
    }

    // List.copyOf's lists throw on contains(null): a target without an owner must simply not match.
    private static boolean holds(List<String> wanted, String value) {
        return wanted.isEmpty() || (value != null && wanted.contains(value));
    }
}

package dev.patrol.report.digest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The last 24 hours of every job against the 7 days before: {@code since} is the start of the
 * 24 hours. Uptime comes from the daily tallies (today so far and yesterday against the 7 days
 * before them); incidents, missed heartbeats and findings from their exact times.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Digest(Instant since, String summary, boolean quiet, Map<String, Object> jobs) {

    /**
     * One health target: status now, incidents and uptime (with the checks and failures it comes from) in the last 24 h and
     * the 7 days before. {@code days} feeds the HTML's uptime bars and is left out of the JSON: a thousand targets over 90
     * days would be most of the document. {@code since} (when the status began) and {@code message} (the last check's words)
     * feed the report's "needs attention" list and are left out of the JSON as well, which the contract fixes.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(String name, String kind, String status, int incidents, int incidentsBefore, Double uptime,
                         Double uptimeBefore, long checks, long failures, long checksBefore, long failuresBefore,
                         @com.fasterxml.jackson.annotation.JsonIgnore List<Day> days,
                         @com.fasterxml.jackson.annotation.JsonIgnore java.time.Instant since,
                         @com.fasterxml.jackson.annotation.JsonIgnore String message) {}

    /** One day of a target's uptime bar; {@code uptime} null when it was not checked that day. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Day(LocalDate day, Double uptime, long checks) {}

    public record Event(Instant at, String target, String transition, String message) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Health(List<Target> targets, List<Event> transitions, List<Event> missedHeartbeats, int up, int down) {
        /** Incidents that started: the DOWN transitions. */
        public long incidents() {
            return transitions.stream().filter(e -> e.transition().equals("down")).count();
        }
    }

    /** A backup's size at the period its name says. */
    public record Size(String name, Instant period, long size) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BackupSet(String name, String status, String message, Instant newest, Double newestAgeHours, List<Size> sizes,
                            String sizeTrend) {}

    public record Backups(List<BackupSet> sets, int verified, int failing) {}

    public record Finding(String repo, String rule, String place, String redacted, Instant firstSeen, String status) {}

    public record OpenOn(LocalDate day, int open) {}

    public record Secrets(List<Finding> newFindings, int newBefore, int open, List<Finding> openFindings, List<OpenOn> openOverTime) {}

    public record Runs(int total, int failed, int failedBefore, List<FailedRun> failures) {}

    public record FailedRun(String job, Instant startedAt, List<String> errors) {}
}

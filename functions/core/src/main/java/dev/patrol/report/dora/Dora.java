package dev.patrol.report.dora;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * DORA's four metrics for one repository over the report window, in the contract's shape, each
 * with the items it was computed from. A number that cannot be computed (fewer than two
 * deployments, no incidents) is {@code null} and its bucket is {@code insufficient}: each number the contract
 * names is always there (a script reads {@code leadTime.medianHours}, not whether the key exists), as a
 * scorecard's inconclusive score is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dora(String benchmark, String deployments, DeploymentFrequency deploymentFrequency, LeadTime leadTime,
                   ChangeFailureRate changeFailureRate, TimeToRestore timeToRestore, List<Week> weeks) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeploymentFrequency(int deployments, @JsonInclude(JsonInclude.Include.ALWAYS) Double perWeek, Double medianDeployDaysPerWeek, String bucket,
                                      List<DeploymentRow> evidence) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LeadTime(@JsonInclude(JsonInclude.Include.ALWAYS) Double medianHours, int changes, String bucket, List<ChangeRow> evidence) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChangeFailureRate(int failed, int deployments, @JsonInclude(JsonInclude.Include.ALWAYS) Double rate, String bucket, List<FailureRow> evidence) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimeToRestore(@JsonInclude(JsonInclude.Include.ALWAYS) Double medianMinutes, int incidents, String bucket, List<IncidentRow> evidence) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeploymentRow(String ref, String sha, Instant time, int changes, boolean rollback, boolean failed) {}

    public record ChangeRow(String sha, Instant committedAt, String deployment, double leadHours) {}

    /** {@code cause}: revert, hotfix, rollback or incident; {@code by} names it (the revert's sha, the tag, the target). */
    public record FailureRow(String deployment, String sha, Instant deployedAt, String cause, String by, Instant at, String detail) {}

    /** {@code minutes} rounded as the median is, so the rows add up to the number they back (a 14-second incident is 0.23, not 0). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IncidentRow(String target, Instant down, Instant up, Double minutes) {}

    /** One week of the window: the same metrics, for trends. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Week(Instant from, Instant to, int deployments, int deployDays, int failed, Double medianLeadHours,
                       int incidents, Double medianRestoreMinutes) {}
}

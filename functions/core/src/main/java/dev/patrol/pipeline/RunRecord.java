package dev.patrol.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code run --json} document of one job run (CONTRACT: run --json). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(String job, String runId, Instant startedAt, Instant finishedAt, String status,
                        List<Result> results, List<AlertOutcome> alerts, String error) {

    public RunRecord(String job, String runId, Instant startedAt, Instant finishedAt, String status,
                     List<Result> results, List<AlertOutcome> alerts) {
        this(job, runId, startedAt, finishedAt, status, results, alerts, null);
    }

    /** A run that could not do its work at all (state unreachable, lease held): status error, and why. */
    public static RunRecord failed(String job, Instant at, String why) {
        return new RunRecord(job, null, at, at, ERROR, List.of(), List.of(), why);
    }

    public static final String OK = "ok";
    public static final String PROBLEMS = "problems";
    public static final String ERROR = "error";

    /** {@code maintenance} / {@code muted}: true while a window or mute holds the target's alerts; left out otherwise. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String target, String kind, String status, String severity, String message, Map<String, Object> details,
                         Boolean maintenance, Boolean muted) {
        public Result(String target, String kind, String status, String severity, String message, Map<String, Object> details) {
            this(target, kind, status, severity, message, details, null, null);
        }
    }

    public record AlertOutcome(String target, String transition, String severity, List<String> channels, boolean delivered) {}

    /** Exit code for this run: 0 all well, 1 problems found, 3 Patrol could not do its work. */
    public int exitCode() {
        return switch (status) {
            case OK -> 0;
            case PROBLEMS -> 1;
            default -> 3;
        };
    }

    public static String combine(List<String> statuses) {
        if (statuses.contains(ERROR)) return ERROR;
        if (statuses.contains(PROBLEMS)) return PROBLEMS;
        return OK;
    }
}

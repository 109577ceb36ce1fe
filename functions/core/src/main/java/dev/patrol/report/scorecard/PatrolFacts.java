package dev.patrol.report.scorecard;

import java.util.List;

/**
 * What Patrol's other jobs know about a repository: its open secret findings (and whether the
 * secrets job has swept it at all), the health targets of its services with their checks in the
 * window, and the backup sets with their current state.
 */
public record PatrolFacts(boolean swept, List<String> openFindings, List<Service> services, List<BackupSet> backups) {
    public PatrolFacts {
        openFindings = List.copyOf(openFindings);
        services = List.copyOf(services);
        backups = List.copyOf(backups);
    }

    public static PatrolFacts none() {
        return new PatrolFacts(false, List.of(), List.of(), List.of());
    }

    /** A health target: its kind, current status (up, down, unknown) and its checks and failures over the window. */
    public record Service(String name, String kind, String status, long checks, long failures) {
        public Double uptime() {
            return checks == 0 ? null : 1.0 - (double) failures / checks;
        }
    }

    /** A backup set: its current status (up = verified, down = failing, unknown = never run) and what the last run said. */
    public record BackupSet(String name, String status, String message) {}
}

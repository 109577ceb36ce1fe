package dev.patrol.state;

/**
 * The single table's item families and their keys, in one place so that every
 * reader and writer (jobs, reports, the Lambda) agrees on them.
 */
public final class Keys {
    private Keys() {}

    private static final java.time.format.DateTimeFormatter SORTABLE =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /**
     * An instant in sort keys: fixed width, so keys sort in time order
     * ({@code Instant.toString()} drops trailing zeros: "…:00Z" sorts after "…:00.5Z").
     */
    public static String time(java.time.Instant at) {
        return SORTABLE.format(at);
    }

    /** Current state of every target of a job: one query loads them all. */
    public static String targets(String job) {
        return "state#" + job;
    }

    /** Daily tallies of one target (sk: yyyy-MM-dd). */
    public static String history(String job, String target) {
        return "history#" + job + "#" + target;
    }

    /** Every transition of a job (sk: instant#target), for incident history, MTTR and DORA. */
    public static String transitions(String job) {
        return "transitions#" + job;
    }

    /** Alerts waiting for delivery (sk: pending#...) and delivered ones (sk: delivered#...). */
    public static String outbox(String job) {
        return "outbox#" + job;
    }

    /** Run records (sk: startedAt#runId). */
    public static String runs(String job) {
        return "runs#" + job;
    }

    /** Mutes set with {@code patrol mute} (sk: the target name); each expires with its mute. */
    public static final String MUTES = "mute";

    /** DOWN/NEW alerts held back by a mute or maintenance window (sk: the alert id), released once when it ends. */
    public static String held(String job) {
        return "held#" + job;
    }

    /**
     * The repositories each {@code secrets.repos} organisation has listed (sk: the entry's name; data: a JSON
     * array of target names, kept as they come and go), so that {@code findings list} finds them without the forge.
     */
    public static final String ORG_REPOS = "orgs#secrets";

    /** Job leases (sk: the job). */
    public static final String LEASES = "lease";

    /** Pings of one heartbeat (sk: ping#instant#kind). */
    public static String heartbeat(String name) {
        return "heartbeat#" + name;
    }
}

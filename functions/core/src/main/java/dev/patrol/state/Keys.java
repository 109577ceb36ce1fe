package dev.patrol.state;

/**
 * The single table's item families and their keys, in one place so that every
 * reader and writer (jobs, reports, the Lambda) agrees on them.
 */
public final class Keys {
    private Keys() {}

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

    /** Job leases (sk: the job). */
    public static final String LEASES = "lease";

    /** Pings of one heartbeat (sk: ping#instant#kind). */
    public static String heartbeat(String name) {
        return "heartbeat#" + name;
    }
}

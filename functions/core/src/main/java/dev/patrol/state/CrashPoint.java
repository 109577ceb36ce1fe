package dev.patrol.state;

/**
 * Named places where a run can be stopped for the crash tests: with
 * {@code PATROL_CRASH_POINT=NAME} in its environment, a process that reaches NAME
 * says so on stderr and waits there to be killed, so a test can kill a real
 * {@code patrol} process exactly mid-observation, mid-state write or mid-delivery.
 * Without the variable (every real run) {@link #reach} does nothing.
 *
 * <p>Points: {@code observe} (the run holds its lease and a check is running, or, for a check started before the
 * lease, its result is in and not yet recorded), {@code state-write} (one batch of
 * state is written, others may not be), {@code claimed:CHANNEL} (an outbox entry is
 * claimed, nothing sent yet), {@code deliver:CHANNEL} (the channel accepted an alert,
 * the outbox has not yet marked it delivered), {@code job:JOB} (a job's run begins).
 *
 * <p>{@code PATROL_CRASH_POINT=fail:NAME} instead throws there, with no message, the way a
 * bug would (a NullPointerException): Patrol has no known bug to provoke, and the tests of
 * what a bug does to a command (its job's error record, the other jobs still running, no
 * class name on the terminal) need one in a real process.
 */
public final class CrashPoint {
    private static final String WANTED = System.getenv("PATROL_CRASH_POINT");

    private CrashPoint() {}

    public static void reach(String name) {
        if (WANTED == null) return;
        if (WANTED.equals("fail:" + name)) throw new NullPointerException();
        if (!WANTED.equals(name)) return;
        System.err.println("patrol: crash point " + name + " reached, waiting to be killed");
        System.err.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // a test point holds on until the process is killed
            }
        }
    }
}

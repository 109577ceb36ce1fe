package dev.patrol.backups.restore;

import java.time.Instant;

/** The time bound of one restore test. */
final class Deadlines {
    private Deadlines() {}

    static void check(Instant deadline) throws BrokenBackupException {
        if (deadline != null && Instant.now().isAfter(deadline)) {
            throw new RestoreTimeoutException();
        }
    }

    /** Out of time: not proof that the backup is broken, so the verifier reports it apart from broken ones. */
    static final class RestoreTimeoutException extends BrokenBackupException {
        RestoreTimeoutException() {
            super("restore test ran out of time before the end of the object; raise the time limit or split the backup");
        }
    }
}

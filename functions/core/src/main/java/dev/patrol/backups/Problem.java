package dev.patrol.backups;

/**
 * One thing wrong with a backup set, found by one check ({@link Check}), about one
 * object or the whole set ({@code object} null), in one line a person can act on.
 * {@code status} is {@link Status#FAIL} for a bad backup, {@link Status#ERROR} when
 * Patrol could not check (store unreachable, throttled, out of time).
 */
public record Problem(Check check, String object, Status status, String message) {

    /** The checks of a backup set, most urgent first: the order in which problems are reported. */
    public enum Check {
        LISTING, FRESHNESS, INTEGRITY, RESTORE, SIZE, PERIODS, RETENTION, POSTURE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Problem fail(Check check, String object, String message) {
        return new Problem(check, object, Status.FAIL, message);
    }

    public static Problem error(Check check, String object, String message) {
        return new Problem(check, object, Status.ERROR, message);
    }
}

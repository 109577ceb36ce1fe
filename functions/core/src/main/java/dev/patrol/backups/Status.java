package dev.patrol.backups;

import java.util.Locale;

/** ok: the set is healthy; fail: a backup is missing, stale or would not restore; error: Patrol could not find out. */
public enum Status {
    OK, FAIL, ERROR;

    /** The word in {@code run --json}: ok, fail, error. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

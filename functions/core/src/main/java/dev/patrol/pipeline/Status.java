package dev.patrol.pipeline;

import java.util.Locale;

/** ok: as expected; fail: a problem found in the target; error: Patrol could not observe the target. */
public enum Status {
    OK, FAIL, ERROR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

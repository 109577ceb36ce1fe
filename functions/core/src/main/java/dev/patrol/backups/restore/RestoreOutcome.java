package dev.patrol.backups.restore;

import java.util.Map;

/**
 * What a restore test found: ok with facts (entries, rows, refs), or broken with a
 * message a person can act on. {@code inconclusive}: the test could not finish (out
 * of time), which proves nothing either way.
 */
public record RestoreOutcome(boolean ok, boolean inconclusive, String message, Map<String, Object> facts) {
    public RestoreOutcome {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static RestoreOutcome ok(Map<String, Object> facts) {
        return new RestoreOutcome(true, false, null, facts);
    }

    public static RestoreOutcome broken(String message) {
        return new RestoreOutcome(false, false, message, Map.of());
    }

    public static RestoreOutcome inconclusive(String message) {
        return new RestoreOutcome(false, true, message, Map.of());
    }
}

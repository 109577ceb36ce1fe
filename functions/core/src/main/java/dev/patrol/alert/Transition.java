package dev.patrol.alert;

import java.util.Locale;

/** What changed about a target: the only moments Patrol alerts. */
public enum Transition {
    DOWN("DOWN"),
    UP("RECOVERED"),
    NEW("NEW"),
    RESOLVED("RESOLVED"),
    /** Still down (or still open) after remindEvery: said again, up to maxReminders times. */
    REMINDER("REMINDER"),
    /** Still down after escalateAfter: sent to the escalation route as well. */
    ESCALATION("ESCALATED"),
    /** Changed state too often within the flapping window: said once, then quiet. */
    FLAPPING("FLAPPING"),
    /** Settled after flapping: no change for a whole window. */
    STABLE("STABLE"),
    /** Not a change of one target: the report job's daily digest, sent through the same outbox and channels. */
    DIGEST("DIGEST");

    private final String word;

    Transition(String word) {
        this.word = word;
    }

    /** The word people read in alerts: DOWN, RECOVERED, NEW, RESOLVED, REMINDER, ESCALATED, FLAPPING, STABLE, DIGEST. */
    public String word() {
        return word;
    }

    /** The lower-case name used in JSON and SNS attributes: down, up, new, resolved. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Transition fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}

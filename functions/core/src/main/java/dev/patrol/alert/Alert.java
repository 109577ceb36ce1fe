package dev.patrol.alert;

import java.time.Instant;
import java.util.Map;

/**
 * One alert about one transition of one target. {@code id} is stable for the
 * transition (job, target, transition, time of the change), so the outbox can
 * recognise a retry of an alert it already delivered.
 *
 * <p>Text and details are already redacted: no resolved secret or found credential
 * ever reaches an alert.
 */
public record Alert(
        String id,
        String job,
        String target,
        String kind,
        Transition transition,
        Severity severity,
        Instant time,
        String title,
        String text,
        Map<String, String> facts,
        String link) {

    public Alert {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    /**
     * What a notification leads with: "DOWN: backend". The day's digest is about no one target (its target is
     * the word "digest"), so it leads with its title instead: "[acme] Daily digest 2026-12-04: 2 to look at".
     */
    public String headline() {
        if (isDigest() && title != null && !title.isBlank()) return title;
        return transition.word() + ": " + target;
    }

    /** The daily digest: a summary for people, which no severity, job or kind describes. */
    public boolean isDigest() {
        return transition == Transition.DIGEST;
    }
}

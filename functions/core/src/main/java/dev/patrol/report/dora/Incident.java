package dev.patrol.report.dora;

import java.time.Instant;

/** One DOWN of a health target and the UP that ended it ({@code up} null while it is still down). */
public record Incident(String target, Instant down, Instant up) {
    public Long minutes() {
        return up == null ? null : java.time.Duration.between(down, up).toMinutes();
    }

    public double exactMinutes() {
        return java.time.Duration.between(down, up).toMillis() / 60_000.0;
    }
}

package dev.patrol.report.dora;

import java.time.Instant;

/** One commit and the deployment that first shipped it: its lead time is {@code deployedAt - committedAt}. */
public record Change(String sha, Instant committedAt, String deployment, Instant deployedAt) {
    public double leadHours() {
        return (deployedAt.toEpochMilli() - committedAt.toEpochMilli()) / 3_600_000.0;
    }
}

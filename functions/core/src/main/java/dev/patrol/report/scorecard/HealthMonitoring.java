package dev.patrol.report.scorecard;

import java.util.List;

/** The repository's services are watched by the health job: endpoints 6, heartbeats or freshness checks 4 more. */
public final class HealthMonitoring implements Check {
    public String id() {
        return "health-monitoring";
    }

    public Category category() {
        return Category.MONITORING;
    }

    public Score score(RepoContent repo, PatrolFacts facts) {
        if (facts.services().isEmpty()) return Score.of(0, "no health endpoint, heartbeat or freshness check watches this repository's services");
        List<PatrolFacts.Service> endpoints = facts.services().stream().filter(s -> s.kind().equals("endpoint")).toList();
        List<PatrolFacts.Service> others = facts.services().stream().filter(s -> !s.kind().equals("endpoint")).toList();
        return Score.of((endpoints.isEmpty() ? 0 : 6) + (others.isEmpty() ? 0 : 4),
                facts.services().stream().map(s -> s.kind() + " " + s.name() + " (" + s.status() + ")").toList());
    }
}

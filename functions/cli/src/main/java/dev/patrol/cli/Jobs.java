package dev.patrol.cli;

import dev.patrol.health.EndpointProbe;
import dev.patrol.health.HealthJob;
import dev.patrol.pipeline.Job;
import java.util.LinkedHashMap;
import java.util.Map;

/** The jobs this build knows, in the order {@code run all} runs them. */
final class Jobs {
    private Jobs() {}

    static Map<String, Job> all() {
        Map<String, Job> jobs = new LinkedHashMap<>();
        jobs.put("health", new HealthJob(new EndpointProbe()));
        return jobs;
    }
}

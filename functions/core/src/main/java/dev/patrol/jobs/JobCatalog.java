package dev.patrol.jobs;

import dev.patrol.backups.BackupsJob;
import dev.patrol.health.EndpointProbe;
import dev.patrol.health.HealthJob;
import dev.patrol.pipeline.Job;
import dev.patrol.report.ReportJob;
import dev.patrol.secrets.SecretsJob;
import dev.patrol.secrets.org.Forge;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every job Patrol has, by name, in the order {@code run all} runs them. The CLI and the Lambda share it. */
public final class JobCatalog {
    private JobCatalog() {}

    /** Without a forge client: organisations in {@code secrets.repos} fail with a message that says so. */
    public static Map<String, Job> standard() {
        return standard(Forge.NONE);
    }

    /** With {@code forge} to list the repositories of {@code secrets.repos} organisations. */
    public static Map<String, Job> standard(Forge forge) {
        Map<String, Job> jobs = new LinkedHashMap<>();
        jobs.put("health", new HealthJob(new EndpointProbe()));
        jobs.put("backups", new BackupsJob());
        jobs.put("secrets", new SecretsJob(forge));
        // Last: it reports on what the other jobs just found.
        jobs.put("report", new ReportJob());
        return jobs;
    }
}

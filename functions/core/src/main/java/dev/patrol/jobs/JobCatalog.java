package dev.patrol.jobs;

import dev.patrol.backups.BackupsJob;
import dev.patrol.health.EndpointProbe;
import dev.patrol.health.HealthJob;
import dev.patrol.pipeline.Job;
import dev.patrol.report.ReportJob;
import dev.patrol.secrets.SecretsJob;
import dev.patrol.secrets.verify.Verifier;
import dev.patrol.secrets.org.Forge;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every job Patrol has, by name, in the order {@code run all} runs them. The CLI and the Lambda share it. */
public final class JobCatalog {
    private JobCatalog() {}

    /** Without verifiers or a forge client (listing jobs, tests): organisations fail saying so; nothing is verified. */
    public static Map<String, Job> standard() {
        return standard(List::of, Forge.NONE);
    }

    /** With the verifiers the secrets job asks when {@code secrets.verify} is on (called only then). */
    public static Map<String, Job> standard(Supplier<List<Verifier>> verifiers) {
        return standard(verifiers, Forge.NONE);
    }

    /** With {@code forge} to list the repositories of {@code secrets.repos} organisations. */
    public static Map<String, Job> standard(Forge forge) {
        return standard(List::of, forge);
    }

    public static Map<String, Job> standard(Supplier<List<Verifier>> verifiers, Forge forge) {
        Map<String, Job> jobs = new LinkedHashMap<>();
        jobs.put("health", new HealthJob(new EndpointProbe()));
        jobs.put("backups", new BackupsJob());
        jobs.put("secrets", new SecretsJob(verifiers, forge));
        // Last: it reports on what the other jobs just found.
        jobs.put("report", new ReportJob());
        return jobs;
    }
}

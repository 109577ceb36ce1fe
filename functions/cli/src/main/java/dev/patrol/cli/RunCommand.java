package dev.patrol.cli;

import dev.patrol.jobs.JobCatalog;
import dev.patrol.pipeline.Job;
import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.RunRecord;
import dev.patrol.state.Json;
import dev.patrol.state.LeaseHeldException;
import dev.patrol.state.StateUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = "Run a job now: health, backups, secrets, report, or all.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Patrol patrol;

    @Parameters(paramLabel = "JOB", description = "health, backups, secrets, report or all")
    String job;

    @Option(names = "--target", paramLabel = "NAME", description = "only this target (repeatable)")
    List<String> targets = new ArrayList<>();

    @Option(names = "--json", description = "print exactly one JSON document")
    boolean json;

    @Option(names = "--no-alerts", description = "observe and record, but send nothing now: alerts wait in the outbox for the next run")
    boolean noAlerts;

    @Override
    public Integer call() {
        Map<String, Job> known = JobCatalog.standard(dev.patrol.verify.Verifiers::fromEnvironment, new dev.patrol.forge.ForgeApi());
        if (!job.equals("all") && !known.containsKey(job)) {
            throw new UserError(ExitCodes.USAGE, "unknown job \"" + job + "\"; use one of " + String.join(", ", known.keySet()) + " or all");
        }
        if (job.equals("all") && !targets.isEmpty()) {
            throw new UserError(ExitCodes.USAGE, "--target goes with one job (e.g. patrol run health --target backend), not with all");
        }
        Timeline.mark("run " + job + " started");
        prepareInBackground(job.equals("all") ? known.values() : List.of(known.get(job)));
        try (Workspace ws = Workspace.open(patrol.config)) {
            Timeline.mark("config read");
            Printer printer = new Printer(System.out, System.err, !json);
            RunOptions options = new RunOptions(targets, !noAlerts);
            if (!job.equals("all")) {
                RunRecord run = runOne(ws, "run " + job, known.get(job), options, printer);
                if (json) System.out.println(Json.write(run));
                return run.exitCode();
            }
            List<RunRecord> runs = new ArrayList<>();
            for (Job j : known.values()) runs.add(runOne(ws, "run all", j, options, printer));
            String status = RunRecord.combine(runs.stream().map(RunRecord::status).toList());
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("job", "all");
                doc.put("status", status);
                doc.put("runs", runs);
                System.out.println(Json.write(doc));
            }
            return runs.stream().mapToInt(RunRecord::exitCode).max().orElse(0);
        }
    }

    /** What the jobs can set up before the config is read, on another core while this one reads it. */
    private static void prepareInBackground(java.util.Collection<Job> jobs) {
        Thread.ofPlatform().name("prepare").daemon().start(() -> {
            for (Job j : jobs) {
                try {
                    j.prepare();
                } catch (RuntimeException e) {
                    // The run builds it again when it needs it, and says then what went wrong.
                }
            }
        });
    }

    /**
     * One job; its failure to run at all is an error record, so {@code run all} still runs the others.
     * {@code command} is what the state lock says holds it: the whole command, not the job it is on.
     */
    private static RunRecord runOne(Workspace ws, String command, Job job, RunOptions options, Printer printer) {
        RunRecord run;
        try {
            Pipeline pipeline = new Pipeline(ws.context(command, Duration.ofSeconds(2), printer.progress()), ws.notifiers());
            run = pipeline.run(job, options);
            Timeline.mark(job.name() + " run done");
        } catch (LeaseHeldException | StateUnavailableException e) {
            run = RunRecord.failed(job.name(), Instant.now(), e.getMessage());
        } catch (UserError e) {
            if (e.exitCode() != ExitCodes.FAILURE) throw e;
            run = RunRecord.failed(job.name(), Instant.now(), e.getMessage());
        } catch (dev.patrol.pipeline.UnknownTargetException e) {
            throw e; // the command line's mistake (exit 2), not the job's
        } catch (RuntimeException e) {
            // The JVM out of memory ends the command (Patrol.failure says so); anything else is a bug in this
            // job, and its error record lets the other jobs of run all still run.
            if (dev.patrol.text.ProblemWords.memoryExhausted(e) != null) throw e;
            ErrorDocument failure = Patrol.failure(e);
            if (failure.exitCode() != ExitCodes.FAILURE) throw e;
            if (System.getenv("PATROL_DEBUG") != null) e.printStackTrace(System.err);
            run = RunRecord.failed(job.name(), Instant.now(), failure.message() + failure.hints().stream().map(h -> " " + h).reduce("", String::concat));
        }
        printer.run(run);
        return run;
    }
}

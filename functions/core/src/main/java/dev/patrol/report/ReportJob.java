package dev.patrol.report;

import dev.patrol.alert.Alert;
import dev.patrol.alert.AlertText;
import dev.patrol.alert.Severity;
import dev.patrol.alert.Transition;
import dev.patrol.config.ReportsConfig;
import dev.patrol.pipeline.Job;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.RunContext;
import dev.patrol.pipeline.Target;
import dev.patrol.report.digest.Attention;
import dev.patrol.report.digest.Digest;
import dev.patrol.report.digest.DigestBuilder;
import dev.patrol.report.render.Renderer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;

/**
 * The report job: one target per repository (its scorecard and DORA metrics) and the digest,
 * which renders the whole report (HTML, Markdown, JSON), stores it under {@code reports.output}
 * and sends the digest with a link to it through the alert channels.
 *
 * <p>All targets of one run share a {@link ReportRun}, so each repository is read once per run
 * whether its own target or the digest asks first; {@code --target digest} alone still reports
 * every repository.
 */
public final class ReportJob implements Job {
    public static final String DIGEST = "digest";

    /** Formats written by {@code run report}; {@code patrol report --format} may ask for fewer. */
    private final List<String> formats;
    /** Where {@code patrol report --output DIR} puts the files instead of {@code reports.output}. */
    private final String outputOverride;

    public ReportJob() {
        this(List.of("html", "md", "json"), null);
    }

    public ReportJob(List<String> formats, String outputOverride) {
        this.formats = List.copyOf(formats);
        this.outputOverride = outputOverride;
    }

    public record RepoTarget(ReportsConfig.Repo settings, ReportRun run) implements Target {
        public String name() { return settings.repo(); }
        public String kind() { return "repo"; }
        public Severity severity() { return Severity.P3; }
    }

    public record DigestTarget(ReportRun run) implements Target {
        public String name() { return DIGEST; }
        public String kind() { return "report"; }
        public Severity severity() { return Severity.P3; }
    }

    /** One run's shared work: the window, the state readings, and each repository's section computed once. */
    public static final class ReportRun {
        private final RunContext context;
        private final Instant to;
        private final Instant from;
        private final StateHistory history;
        private final Map<String, FutureTask<RepoReporter.Outcome>> repos = new ConcurrentHashMap<>();

        ReportRun(RunContext context) {
            this.context = context;
            this.to = context.clock().instant();
            this.from = to.minus(context.config().reports().window());
            this.history = new StateHistory(context.state());
        }

        RepoReporter.Outcome repo(ReportsConfig.Repo settings) {
            FutureTask<RepoReporter.Outcome> task = new FutureTask<>(() -> new RepoReporter(context, history).report(settings, from, to));
            FutureTask<RepoReporter.Outcome> mine = repos.putIfAbsent(settings.repo(), task);
            FutureTask<RepoReporter.Outcome> run = mine == null ? task : mine;
            run.run(); // does nothing when another target ran it already or runs it now
            try {
                return run.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + settings.repo(), e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
    }

    @Override
    public String name() {
        return "report";
    }

    /** Repositories are read from disk or the network; a few at a time (and the digest waits on them). */
    @Override
    public int parallelism() {
        return 3;
    }

    @Override
    public List<? extends Target> targets(RunContext context) {
        ReportRun run = new ReportRun(context);
        List<Target> out = new ArrayList<>();
        for (ReportsConfig.Repo r : context.config().reports().effectiveRepos(context.config().secrets())) out.add(new RepoTarget(r, run));
        if (!out.isEmpty()) Redaction.prepare(); // each repository's quoted text is masked with the secrets rules
        Renderer.prepare(formats);
        out.add(new DigestTarget(run));
        return out;
    }

    @Override
    public Observation observe(Target target, RunContext context) throws IOException {
        if (target instanceof RepoTarget t) return repo(t.run().repo(t.settings()));
        return digest(((DigestTarget) target).run(), context);
    }

    private static Observation repo(RepoReporter.Outcome outcome) {
        Report.Repo r = outcome.section();
        if (r.error() != null) return Observation.error(r.error(), Map.of());
        var dora = r.dora();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("score", r.scorecard().score());
        details.put("band", r.scorecard().band());
        details.put("deployments", dora.deploymentFrequency().deployments());
        details.put("deploymentFrequency", dora.deploymentFrequency().bucket());
        details.put("leadTime", dora.leadTime().bucket());
        details.put("changeFailureRate", dora.changeFailureRate().bucket());
        details.put("timeToRestore", dora.timeToRestore().bucket());
        String message = "maturity " + (r.scorecard().score() == null ? "not scored" : r.scorecard().score() + "/100 (" + r.scorecard().band() + ")")
                + "; " + dora.deploymentFrequency().deployments() + " deployments, deploy frequency " + dora.deploymentFrequency().bucket()
                + ", lead time " + dora.leadTime().bucket() + ", change failure rate " + dora.changeFailureRate().bucket()
                + ", time to restore " + dora.timeToRestore().bucket();
        return Observation.ok(message, details).withAfterRecorded(outcome.remember());
    }

    private Observation digest(ReportRun run, RunContext context) throws IOException {
        // The digest reads only state: built first, it runs while the repositories' targets read git on
        // the other threads, rather than after them (then it waits for the sections it has not got yet).
        Digest digest = new DigestBuilder(context.config(), context.state(), run.history).build(run.to, run.from);
        List<Report.Repo> repos = new ArrayList<>();
        List<Runnable> remember = new ArrayList<>();
        for (ReportsConfig.Repo r : context.config().reports().effectiveRepos(context.config().secrets())) {
            RepoReporter.Outcome o = run.repo(r);
            repos.add(o.section());
            remember.add(o.remember());
        }
        Report report = new Report(context.config().name(), run.to, new Report.Window(run.from, run.to), repos, digest);
        String output = output(context);
        if (output == null) {
            return Observation.error("reports.output is not set: a function keeps no files; set it to s3://bucket/prefix/", Map.of());
        }
        List<Renderer.Output> rendered = new Renderer().render(report, formats);
        ReportOutput.Written written;
        try {
            written = new ReportOutput(context.storage()).write(output, run.to, rendered);
        } catch (IOException | java.io.UncheckedIOException e) {
            // A place that cannot be written is the user's to fix, not a crash of the check: said with the place and the way out.
            return Observation.error("could not write the report to " + output + ": " + dev.patrol.text.ProblemWords.describe(e)
                    + "; set reports.output (or --output) to a folder Patrol can write, or to s3://bucket/prefix/", Map.of("output", output));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("folder", written.folder());
        details.put("open", written.open());
        if (written.link() != null) details.put("link", written.link());
        details.put("files", written.locations());
        details.put("summary", digest.summary());
        details.put("repos", repos.size());
        DigestDay days = new DigestDay(context.state());
        var sent = days.sentOn(DigestDay.of(run.to));
        if (sent.isPresent()) {
            details.put("digestSentAt", sent.get().toString());
            return Observation.ok(digest.summary() + "; report in " + written.open() + " (today's digest went out at "
                    + sent.get().toString().substring(11, 16) + " UTC; the next one tomorrow)", details)
                    .withAfterRecorded(() -> remember.forEach(Runnable::run));
        }
        Observation o = Observation.ok(digest.summary() + "; report in " + written.open(), details)
                .withEvents(List.of(alert(context, digest, written, report)));
        // Tag positions are the repos' memory, and the day's digest is sent: kept only once the run's alerts and state are written.
        return o.withAfterRecorded(() -> {
            remember.forEach(Runnable::run);
            days.remember(run.to);
        });
    }

    private String output(RunContext context) {
        if (outputOverride != null) return outputOverride;
        var config = context.config();
        if (config.reports().output() != null) return config.reports().output();
        // Without a configured place, a laptop keeps reports beside its embedded state.
        if (config.state().embedded() && config.state().dir() != null) return config.state().dir().resolve("reports").toString();
        return null;
    }

    private static Alert alert(RunContext context, Digest digest, ReportOutput.Written written, Report report) {
        Instant now = context.clock().instant();
        String project = context.config().name();
        Map<String, String> facts = new LinkedHashMap<>();
        for (Report.Repo r : report.repos()) {
            if (r.error() != null) facts.put(r.repo(), "could not be read");
            else facts.put(r.repo(), "maturity " + (r.scorecard().score() == null ? "—" : r.scorecard().score() + "/100 " + r.scorecard().band())
                    + ", " + r.dora().deploymentFrequency().deployments() + " deployments");
        }
        Attention attention = Attention.of(digest, report.repos(), now);
        String day = now.toString().substring(0, 10) + (attention.quiet() ? ": all quiet" : ": " + attention.items().size() + " to look at");
        // One id a day: a channel that already has the day's digest (the file channel checks) does not get it twice.
        return new Alert("report:digest:digest:" + DigestDay.of(now), "report", DIGEST, "report", Transition.DIGEST, Severity.P3, now,
                AlertText.title(project, "report", day, Transition.DIGEST), digestText(digest, attention, written), facts, written.link());
    }

    /**
     * The digest as a person reads it in a channel at 8 a.m.: what needs attention first, one line each and the worst first,
     * then the good news in one line, then where the report is. A quiet day is one line and the link.
     */
    static String digestText(Digest digest, Attention attention, ReportOutput.Written written) {
        StringBuilder text = new StringBuilder();
        if (attention.quiet()) {
            text.append(digest.summary());
        } else {
            text.append("Needs attention (").append(attention.items().size()).append("):");
            for (Attention.Item i : attention.items()) text.append("\n• ").append(i.line());
            if (!attention.goodNews().isEmpty()) text.append("\nAlso: ").append(String.join("; ", attention.goodNews()));
        }
        return text.append("\nReport: ").append(written.link() != null ? written.link() : written.open()).toString();
    }
}

package dev.patrol.cli;

import dev.patrol.pipeline.Pipeline;
import dev.patrol.pipeline.RunOptions;
import dev.patrol.pipeline.RunRecord;
import dev.patrol.report.ReportJob;
import dev.patrol.state.LeaseHeldException;
import dev.patrol.state.StateUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code patrol report}: the report job's work (every repository and the digest) through the one
 * pipeline, with no alerts sent, into {@code --output DIR} (else {@code reports.output}, else
 * {@code .patrol/reports}), every format, the asked one first; then says where to open that one.
 * {@code --format json} prints the document itself on stdout.
 */
@Command(name = "report", description = "Render the digest and per-repository reports (HTML, Markdown or JSON) and say where they are.")
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Patrol patrol;

    @Option(names = "--format", defaultValue = "html", paramLabel = "FORMAT", description = "html (default), md or json")
    String format;

    @Option(names = "--output", paramLabel = "DIR", description = "folder (or s3://bucket/prefix/) to write to instead of reports.output")
    Path output;

    @Override
    public Integer call() {
        if (!List.of("html", "md", "json").contains(format)) {
            throw new UserError(ExitCodes.USAGE, "--format " + format + " is not a report format; use html, md or json");
        }
        try (Workspace ws = Workspace.open(patrol.config)) {
            String out = output == null ? null : output.toString().startsWith("s3:/") ? output.toString().replaceFirst("^s3:/+", "s3://")
                    : output.toAbsolutePath().normalize().toString();
            // Every format is written, the asked one first (it is the one to open): latest/ never mixes this run's HTML
            // with an older run's JSON, and the JSON is always beside the HTML and Markdown (CONTRACT).
            List<String> formats = new java.util.ArrayList<>(List.of(format));
            for (String f : List.of("html", "md", "json")) if (!f.equals(format)) formats.add(f);
            ReportJob job = new ReportJob(formats, out);
            RunRecord run;
            try {
                run = new Pipeline(ws.context("report", Duration.ofSeconds(2), dev.patrol.pipeline.Progress.NONE), Map.of())
                        .run(job, new RunOptions(List.of(), false));
            } catch (LeaseHeldException e) {
                throw new UserError("lease", ExitCodes.FAILURE, e.getMessage());
            } catch (StateUnavailableException e) {
                throw new UserError("state", ExitCodes.FAILURE, e.getMessage());
            }
            RunRecord.Result digest = run.results().stream().filter(r -> r.target().equals(ReportJob.DIGEST)).findFirst().orElseThrow();
            var said = format.equals("json") ? System.err : System.out;
            for (RunRecord.Result r : run.results()) {
                if (!r.status().equals("ok") && !r.target().equals(ReportJob.DIGEST)) said.println("! " + r.target() + ": " + r.message());
            }
            if (!digest.status().equals("ok")) {
                String why = digest.message();
                throw new UserError("output", ExitCodes.FAILURE, why.startsWith("could not write the report") ? why : "the report could not be written: " + why);
            }
            String open = String.valueOf(digest.details().get("open"));
            if (format.equals("json")) System.out.print(read(ws, open));
            Object link = digest.details().get("link");
            said.println(digest.details().get("summary"));
            said.println("report written to " + digest.details().get("folder") + " (and latest/)");
            said.println("open " + (link != null ? link : open));
            return run.exitCode();
        }
    }

    private static String read(Workspace ws, String location) {
        try (InputStream in = ws.storage().open(location)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("output", ExitCodes.FAILURE, "the report was written but could not be read back from " + location + ": " + dev.patrol.text.ProblemWords.describe(e));
        }
    }
}

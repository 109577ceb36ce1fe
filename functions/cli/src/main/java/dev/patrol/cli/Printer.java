package dev.patrol.cli;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.pipeline.Progress;
import dev.patrol.pipeline.RunRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Human-readable run output: one line per target, then the alerts; quiet when --json owns stdout. */
final class Printer {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean enabled;
    private final boolean color;

    /** {@code enabled} false: --json owns stdout, and only a run that could not run is said (on {@code err}). */
    Printer(PrintStream out, PrintStream err, boolean enabled) {
        this.out = out;
        this.err = err;
        this.enabled = enabled;
        this.color = Terminal.isInteractive() && System.getenv("NO_COLOR") == null;
    }

    Progress progress() {
        return ProgressBar.forTerminal();
    }

    void run(RunRecord run) {
        // A job that could not run is a diagnostic: on stderr, which cron mails and `> /dev/null` keeps.
        if (run.error() != null) {
            err.println("patrol: " + run.job() + " could not run: " + escape(run.error()));
            err.flush();
            return;
        }
        if (!enabled) return;
        long ms = Duration.between(run.startedAt(), run.finishedAt()).toMillis();
        out.println(bold(run.job()) + "  " + run.results().size() + " target" + (run.results().size() == 1 ? "" : "s")
                + " in " + ms + "ms: " + statusWord(run.status()));
        int width = run.results().stream().mapToInt(r -> escape(r.target()).length()).max().orElse(0);
        for (RunRecord.Result r : run.results()) {
            String mark = switch (r.status()) {
                case "ok" -> paint("32", "✓");
                case "fail" -> paint("31", "✗");
                default -> paint("33", "!");
            };
            out.printf("  %s %-" + width + "s  %-9s %s  %s%s%n", mark, escape(r.target()), escape(r.kind()), r.severity(), escape(r.message()), held(r));
            also(r, width);
        }
        for (RunRecord.AlertOutcome a : run.alerts()) {
            String word = switch (a.transition()) {
                case "down" -> paint("31", "DOWN");
                case "up" -> paint("32", "RECOVERED");
                case "new" -> paint("31", "NEW");
                case "digest" -> paint("36", "DIGEST");
                case "resolved", "stable" -> paint("32", dev.patrol.alert.Transition.fromId(a.transition()).word());
                default -> paint("33", dev.patrol.alert.Transition.fromId(a.transition()).word());
            };
            // The digest's target is the word "digest": "alert DIGEST digest" would say it twice.
            String what = "digest".equals(a.transition()) ? "" : " " + escape(a.target());
            out.println("  alert " + word + what + " (" + a.severity() + ") → "
                    + (a.channels().isEmpty() ? "no channel" : String.join(", ", a.channels()))
                    + (a.delivered() ? "" : paint("33", " [not delivered yet: will retry next run]")));
        }
    }

    /** Without this a muted target's failure reads like one whose alert went missing. */
    private String held(RunRecord.Result r) {
        if (Boolean.TRUE.equals(r.muted())) return paint("33", "  [muted: alerts held]");
        if (Boolean.TRUE.equals(r.maintenance())) return paint("33", "  [maintenance window: alerts held]");
        return "";
    }

    /**
     * A target's message is its most urgent problem "(+N more)"; a person fixing a broken
     * backup wants the others too (a missing day beside a truncated file), one per line.
     */
    private void also(RunRecord.Result r, int width) {
        if (r.status().equals("ok") || !(r.details().get("problems") instanceof List<?> problems)) return;
        String indent = " ".repeat(width + 6);
        problems.stream().skip(1).forEach(p -> out.println(indent + "also: " + escape(String.valueOf(p instanceof Map<?, ?> m ? m.get("message") : p))));
    }

    private String statusWord(String status) {
        return switch (status) {
            case RunRecord.OK -> paint("32", "all well");
            case RunRecord.PROBLEMS -> paint("31", "problems found");
            default -> paint("33", "error");
        };
    }

    private String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}

package dev.patrol.cli;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.secrets.Redaction;
import dev.patrol.secrets.Finding;
import dev.patrol.secrets.SecretSweep;
import dev.patrol.secrets.Suppressions;
import dev.patrol.secrets.git.RepoSource;
import dev.patrol.secrets.git.RepoUnavailableException;
import dev.patrol.secrets.git.ScanCursor;
import dev.patrol.secrets.git.ScanProgress;
import dev.patrol.secrets.git.ScanResult;
import dev.patrol.secrets.git.Unread;
import dev.patrol.secrets.report.ReportFormat;
import dev.patrol.secrets.rules.RuleConfigException;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.secrets.verify.VerificationRun;
import dev.patrol.verify.Verifiers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "secrets", description = "Secret sweeps.", subcommands = SecretsCommand.Scan.class)
final class SecretsCommand extends CommandGroup {

    /**
     * {@code patrol secrets scan}: like gitleaks, it needs no patrol.yml and no state, so
     * it loads neither (nor DynamoDB Local, nor the AWS SDK): JGit, the rules and a report.
     */
    @Command(name = "scan", description = {"Scan a repository's whole history (or a folder) for leaked credentials.",
            "Needs no config or state. Exit 0 when nothing is found, 1 when secrets are found."})
    static final class Scan implements Callable<Integer> {
        @Parameters(paramLabel = "PATH|URL", description = "a working copy, a bare repository, a folder, or a URL to clone")
        String source;

        @Option(names = "--rules", paramLabel = "FILE", description = "a gitleaks TOML rule file (default: the built-in rules)")
        Path rules;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text, json, sarif or gitleaks (default: text)")
        String format;

        @Option(names = "--output", paramLabel = "FILE", description = "write the report here instead of stdout")
        Path output;

        @Option(names = "--baseline", paramLabel = "FILE", description = "a previous report (gitleaks, Patrol JSON or SARIF): what it lists is not reported")
        Path baseline;

        @Option(names = "--since", paramLabel = "REV", description = "only commits not reachable from REV")
        String since;

        @Option(names = "--redact", description = "show at most the first 4 characters of each secret, wherever it appears")
        boolean redact;

        @Option(names = "--no-redact", description = "show secrets in full in the text format at a terminal too")
        boolean noRedact;

        @Option(names = "--verify", description = "ask each provider whether the keys found still work (read-only calls to its documented endpoint)")
        boolean verify;

        @Option(names = "--verify-dry-run", description = "list the verification calls --verify would make, and make none")
        boolean verifyDryRun;

        @Override
        public Integer call() {
            if (source.isBlank()) {
                // An empty path would otherwise mean the current folder: a scan nobody asked for.
                throw new UserError(ExitCodes.USAGE, "secrets scan needs a repository, a folder or a URL; give '.' to scan the current folder");
            }
            var refused = RepoSource.unsupported(source).or(() -> RepoSource.inClear(source, false));
            if (refused.isPresent()) throw new UserError(ExitCodes.USAGE, RepoSource.shown(source) + " " + refused.get());
            ReportFormat report = reportFormat();
            String rulesSpec = rules == null ? "default" : existing(rules, "--rules").toString();
            Suppressions suppressions = suppressions();
            ScanCursor cursor = since == null ? null : sinceCursor(rulesSpec);
            ScanResult result;
            try {
                result = new SecretSweep(SecretSweep.Options.defaults().withRules(rulesSpec), Clock.systemUTC())
                        .scan(repoName(source), source, null, cursor, Set.of(), suppressions, ScanProgress.to(ProgressBar.forTerminal(), "scan"));
            } catch (RuleConfigException e) {
                throw new UserError(ExitCodes.USAGE, "--rules: " + e.getMessage());
            } catch (RepoUnavailableException e) {
                // A wrong path is the user's to fix; a URL that cannot be cloned is Patrol unable to do its work.
                boolean url = RepoSource.isUrl(source);
                boolean notThere = e.getMessage().startsWith("not a ");
                String advice = notThere ? "; give a git repository, a folder or a URL"
                        : url && !e.getMessage().contains("; ") ? "; check the URL, the network and your access to it" : "";
                if (url || !notThere) throw new UserError("repo", ExitCodes.FAILURE, e.getMessage() + advice);
                throw new UserError(ExitCodes.USAGE, e.getMessage() + advice);
            }
            result = result.withFindings(verified(result.findings()));
            Redaction shown = redaction(report, result);
            write(report, result, shown);
            // What was not read goes to stderr in every format (and into the JSON and SARIF reports too).
            for (Unread u : result.unread()) {
                System.err.println("patrol: " + (u.kind() == Unread.Kind.SHALLOW ? "warning: " : "not read: ") + escape(shown.mask(u.line())));
            }
            int found = result.findings().size();
            if (report != ReportFormat.TEXT || output != null) {
                System.err.println("patrol: " + (found == 0 ? "no leaks found" : found + " secret" + (found == 1 ? "" : "s") + " found")
                        + " (" + result.stats().commits() + " commits, " + result.stats().blobs() + " files read)"
                        + (output == null ? "" : "; report in " + output));
            }
            return found == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS;
        }

        private ReportFormat reportFormat() {
            try {
                return ReportFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.USAGE, "--format: " + e.getMessage());
            }
        }

        /** --baseline, and a .gitleaksignore beside the files scanned (the one committed in the repository is read by the sweep). */
        private Suppressions suppressions() {
            Suppressions s = Suppressions.none();
            if (baseline != null) {
                try {
                    s = Suppressions.fromBaseline(existing(baseline, "--baseline"));
                } catch (IllegalArgumentException e) {
                    throw new UserError(ExitCodes.USAGE, "--baseline: " + e.getMessage() + "; give a report written by --format json, sarif or gitleaks");
                }
            }
            Path ignore = RepoSource.isUrl(source) ? null : Path.of(source).resolve(".gitleaksignore");
            if (ignore != null && Files.isRegularFile(ignore)) {
                try {
                    s = s.and(Suppressions.fromIgnoreFile(Files.readString(ignore)));
                } catch (IOException e) {
                    throw new UserError(ExitCodes.USAGE, "cannot read " + ignore + ": " + dev.patrol.text.ProblemWords.describe(e));
                }
            }
            return s;
        }

        private ScanCursor sinceCursor(String rulesSpec) {
            try {
                return SecretSweep.sinceRevision(source, since, rulesSpec);
            } catch (IllegalArgumentException | RepoUnavailableException | UncheckedIOException e) {
                throw new UserError(ExitCodes.USAGE, "--since " + since + ": " + e.getMessage().replaceFirst("^--since: ", ""));
            }
        }

        /** The findings, verified when asked; a dry run lists the calls on stderr instead. */
        private List<Finding> verified(List<Finding> findings) {
            if (!verify && !verifyDryRun) return findings;
            Endpoint endpoint;
            try {
                endpoint = Endpoint.fromEnvironment();
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCodes.USAGE, e.getMessage());
            }
            VerificationRun run = new VerificationRun(Verifiers.all(endpoint));
            if (verifyDryRun) {
                List<VerificationRun.PlannedCall> calls = run.plan(findings);
                for (VerificationRun.PlannedCall c : calls) System.err.println("would verify " + c.ruleId() + " " + c.fingerprint() + ": " + c.call());
                System.err.println("patrol: " + calls.size() + " verification call" + (calls.size() == 1 ? "" : "s") + " would be made; none made (dry run)");
                return findings;
            }
            return run.verify(findings);
        }

        /**
         * Like gitleaks, reports hold the secrets unless {@code --redact} is given: a report is
         * for the people who rotate them. But text at a terminal is read over shoulders, kept
         * in scrollback and screen-shared: it is redacted unless {@code --no-redact} says otherwise.
         */
        private Redaction redaction(ReportFormat report, ScanResult result) {
            if (redact && noRedact) throw new UserError(ExitCodes.USAGE, "--redact and --no-redact contradict each other; give one");
            if (redact) return result.redaction();
            boolean atTerminal = report == ReportFormat.TEXT && output == null && Terminal.isInteractive();
            return atTerminal && !noRedact ? result.redaction() : Redaction.NONE;
        }

        private void write(ReportFormat report, ScanResult result, Redaction shown) {
            try {
                if (output == null) {
                    Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                    report.write(result, out, shown);
                    out.flush();
                } else {
                    if (output.toAbsolutePath().getParent() != null) Files.createDirectories(output.toAbsolutePath().getParent());
                    try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                        report.write(result, out, shown);
                    }
                }
            } catch (IOException e) {
                throw new UserError("output", ExitCodes.FAILURE, "cannot write the report" + (output == null ? "" : " to " + output) + ": " + dev.patrol.text.ProblemWords.describe(e));
            }
        }

        private static Path existing(Path file, String option) {
            String wanted = option.equals("--rules") ? " (a gitleaks TOML file, such as .gitleaks.toml)" : " (a report written by --format json, sarif or gitleaks)";
            if (Files.isDirectory(file)) throw new UserError(ExitCodes.USAGE, option + " " + file + " is a folder; give a file" + wanted);
            if (!Files.isRegularFile(file)) {
                throw new UserError(ExitCodes.USAGE, option + " " + file + ": no such file in " + Path.of("").toAbsolutePath()
                        + "; give the path of a file" + wanted + (option.equals("--rules") ? ", or leave --rules out for the default rules" : ""));
            }
            return file;
        }

        /** The name that salts fingerprints: the repository's folder or the URL's last segment, without ".git". */
        static String repoName(String source) {
            String s = RepoSource.shown(source).replaceAll("[/\\\\]+$", "");
            if (!RepoSource.isUrl(source)) s = Path.of(s).toAbsolutePath().normalize().toString();
            String last = s.substring(Math.max(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')), s.lastIndexOf(':')) + 1);
            last = last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
            return last.isEmpty() ? "repo" : last;
        }
    }
}

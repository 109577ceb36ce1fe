package dev.patrol.cli;

import dev.patrol.config.ConfigException;
import dev.patrol.config.SecretResolutionException;
import dev.patrol.pipeline.UnknownTargetException;
import dev.patrol.state.LeaseHeldException;
import dev.patrol.state.StateUnavailableException;
import dev.patrol.text.ProblemWords;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code patrol} command (CONTRACT: command line). */
@Command(name = "patrol", mixinStandardHelpOptions = true, versionProvider = Patrol.Version.class,
        description = "Scheduled ops automation: health checks, backup verification, secret sweeps, reports.",
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.FAILURE)
public final class Patrol implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "patrol.yml to use (default: $PATROL_CONFIG, else ./patrol.yml)",
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // First: the JVM can run out of memory while the rest starts (picocli's model, DynamoDB Local).
        stdoutOnFailure = onFailure(args, commandWord(args));
        Logging.configureForCli();
        LibraryOutput.keepOffStderr();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof VirtualMachineError vm) endAfter(vm);
        });
        int exit;
        try {
            exit = execute(args);
        } catch (VirtualMachineError e) {
            endAfter(e);
            return;
        }
        // The work is done and written: without this, the JVM's exit waits 0.3 s for the clients' selector threads.
        dev.patrol.net.HttpClients.shutDownAll(java.time.Duration.ofMillis(200));
        Timeline.mark("exiting");
        System.exit(exit);
    }

    /**
     * The JVM ran out of memory (or stack): one line and exit 3. Without this the main thread
     * died and DynamoDB Local's threads kept the process alive for good, holding the state
     * and the job's lease, so that every later run said another one was working. The
     * shutdown hooks still release the lease; if they cannot finish, the process halts.
     */
    private static String jvmFailure(VirtualMachineError e) {
        return e instanceof OutOfMemoryError ? outOfMemory(e.getMessage() == null ? "Java heap space" : e.getMessage())
                : "the Java runtime could not go on (" + ProblemWords.describe(e) + "); nothing was lost; run again, and with"
                        + " PATROL_DEBUG=1 report it if it happens again";
    }

    private static String outOfMemory(String what) {
        return "ran out of memory (" + what + "); nothing was lost, and the next run starts at once."
                + " Give the JVM more with PATROL_JAVA_OPTS=-Xmx1g (or more) and run again";
    }

    /** What stdout holds if this command fails, for a failure that reaches {@link #main} itself (the JVM out of memory). */
    private static volatile ErrorDocument.Stdout stdoutOnFailure = ErrorDocument.Stdout.NOTHING;

    /**
     * Heap kept back for saying that the heap ran out: let go first thing in {@link #endAfter}, so that the
     * line and the --json document can be written even when the error struck with the heap full (before,
     * about one starved run in 15 ended with nothing on stdout or stderr).
     */
    @SuppressWarnings("unused")
    private static volatile byte[] headroom = new byte[256 * 1024];

    private static void endAfter(VirtualMachineError e) {
        headroom = null;
        try {
            Thread stop = new Thread(() -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ignored) {
                    // halting anyway
                }
                Runtime.getRuntime().halt(ExitCodes.FAILURE);
            });
            stop.setDaemon(true);
            stop.start();
            String line = jvmFailure(e);
            try {
                ErrorDocument.of(e instanceof OutOfMemoryError ? "memory" : "internal", ExitCodes.FAILURE, line).print(System.err, System.out, stdoutOnFailure);
            } catch (VirtualMachineError again) {
                System.err.println("patrol: " + line);
                System.err.flush();
            }
            System.exit(ExitCodes.FAILURE);
        } catch (Throwable again) {
            Runtime.getRuntime().halt(ExitCodes.FAILURE);
        }
    }

    /** The subcommands, in the order {@code patrol --help} lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("run", RunCommand::new);
        m.put("ping", PingCommand::new);
        m.put("mute", MuteCommands.Mute::new);
        m.put("unmute", MuteCommands.Unmute::new);
        m.put("mutes", MuteCommands.ListMutes::new);
        m.put("secrets", SecretsCommand::new);
        m.put("backup", BackupCommand::new);
        m.put("findings", FindingsCommand::new);
        m.put("report", ReportCommand::new);
        m.put("config", ConfigCommand::new);
        m.put("invoke", InvokeCommand::new);
        return m;
    }

    /** Runs the command and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        String asked = commandWord(args);
        // Before picocli's model of the commands, a tenth of a second's work on this thread, so that a
        // sweep finds JGit and its rules ready (it waited for them before).
        if ("secrets".equals(asked)) dev.patrol.secrets.SecretSweep.warmUpInBackground();
        // Patrol has no Groovy: without this, picocli's first step looks for groovy.lang.Closure, and that
        // miss opens each of the ~130 jars on the class path, on this thread (30-50 ms of CPU; the first
        // other miss, SLF4J's service lookup, now pays for it on a warm-up thread).
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cli = new CommandLine(new Patrol());
        // picocli builds a command's model by reflection when the command is added: add
        // only the one asked for (measured: 20 ms less start-up), or all of them when the
        // first word names none (usage, --help, a typo that wants "did you mean").
        COMMANDS.forEach((name, command) -> {
            if (asked == null || asked.equals(name)) cli.addSubcommand(name, command.get());
        });
        ErrorDocument.Stdout json = onFailure(args, asked);
        helpEverywhere(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, cmd, parsed, json));
        cli.setParameterExceptionHandler((e, a) -> invalid(e, json));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }

    /** {@code --help} (and {@code --version}) on every command and subcommand, so that each prints its own help and exits 0. */
    private static void helpEverywhere(CommandLine cmd) {
        if (cmd.getCommandSpec().optionsMap().get("--help") == null) cmd.getCommandSpec().mixinStandardHelpOptions(true);
        cmd.getSubcommands().values().forEach(Patrol::helpEverywhere);
    }

    /** The first word that is not an option (nor --config's value), when it names a command. */
    private static String commandWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return COMMANDS.containsKey(args[i]) ? args[i] : null;
            }
        }
        return null;
    }

    /** {@code patrol} alone is a usage error: the usage goes to stderr, and the exit code is 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCodes.USAGE;
    }

    /** What went wrong, for people on stderr and, with --json, as the one document on stdout. */
    static ErrorDocument failure(Exception e) {
        return switch (e) {
            case ConfigException c -> new ErrorDocument("config", ExitCodes.USAGE,
                    "the configuration has " + c.errors().size() + " error" + (c.errors().size() == 1 ? "" : "s") + ":", List.of(), c.errors());
            case UnknownTargetException u -> ErrorDocument.of("usage", ExitCodes.USAGE, u.getMessage());
            case UserError u -> ErrorDocument.of(u.kind(), u.exitCode(), u.getMessage());
            case LeaseHeldException l -> ErrorDocument.of("lease", ExitCodes.FAILURE, l.getMessage());
            case StateUnavailableException s -> ErrorDocument.of("state", ExitCodes.FAILURE, s.getMessage());
            case SecretResolutionException s -> ErrorDocument.of("config", ExitCodes.USAGE, s.getMessage());
            // A library that wraps the JVM running out of memory (DynamoDB Local does, keeping only the message) is not Patrol's bug to report.
            case Exception x when ProblemWords.memoryExhausted(x) != null -> ErrorDocument.of("memory", ExitCodes.FAILURE, outOfMemory(ProblemWords.memoryExhausted(x)));
            case Exception x when vmError(x) != null -> ErrorDocument.of("internal", ExitCodes.FAILURE, jvmFailure(vmError(x)));
            // A bug: what happened, in words (never the exception's class), and how to tell us.
            default -> ErrorDocument.of("internal", ExitCodes.FAILURE, "internal error (a Patrol bug): " + ProblemWords.describe(e))
                    .withHint("(nothing was lost; set PATROL_DEBUG=1 to see where it happened, and please report it)");
        };
    }

    private static VirtualMachineError vmError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirtualMachineError vm) return vm;
        }
        return null;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed, ErrorDocument.Stdout json) {
        ErrorDocument failure = failure(e);
        failure.print(System.err, System.out, json);
        if (failure.kind().equals("internal") && System.getenv("PATROL_DEBUG") != null) e.printStackTrace(System.err);
        return failure.exitCode();
    }

    /** A mistyped command line: picocli's message and the usage on stderr (and, with --json, the error document). */
    private static int invalid(CommandLine.ParameterException e, ErrorDocument.Stdout json) {
        ErrorDocument.of("usage", ExitCodes.USAGE, e.getMessage()).print(System.err, System.out, json);
        CommandLine.UnmatchedArgumentException.printSuggestions(e, System.err);
        System.err.println("  (patrol " + commandPath(e.getCommandLine()) + "--help shows how to use it)");
        return ExitCodes.USAGE;
    }

    private static String commandPath(CommandLine cmd) {
        String path = cmd.getCommandSpec().qualifiedName(" ");
        return path.equals("patrol") ? "" : path.substring("patrol ".length()) + " ";
    }

    /**
     * What stdout holds if the command fails: the error document when the command asks for --json (before any
     * "--"), or is {@code report --format json} or {@code secrets scan --format json} (stdout is then the report
     * document), a failed SARIF log for {@code secrets scan --format sarif}; so that even a failure to start
     * prints the one document a script or a SARIF consumer reads. With --output, stdout holds no report anyway.
     */
    private static ErrorDocument.Stdout onFailure(String[] args, String command) {
        String format = null;
        boolean output = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) break;
            if (args[i].equals("--json")) return ErrorDocument.Stdout.JSON;
            if (args[i].equals("--output") || args[i].startsWith("--output=")) output = true;
            if (args[i].startsWith("--format=")) format = args[i].substring("--format=".length());
            else if (args[i].equals("--format") && i + 1 < args.length) format = args[i + 1];
        }
        if (format == null || !("report".equals(command) || "secrets".equals(command))) return ErrorDocument.Stdout.NOTHING;
        format = format.toLowerCase(java.util.Locale.ROOT);
        if (format.equals("json") && (command.equals("report") || !output)) return ErrorDocument.Stdout.JSON;
        if (format.equals("sarif") && command.equals("secrets") && !output) return ErrorDocument.Stdout.SARIF;
        return ErrorDocument.Stdout.NOTHING;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Patrol.class.getPackage().getImplementationVersion();
            return new String[] {"patrol " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}

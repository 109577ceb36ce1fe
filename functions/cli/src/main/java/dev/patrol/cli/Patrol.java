package dev.patrol.cli;

import dev.patrol.config.ConfigException;
import dev.patrol.config.SecretResolutionException;
import dev.patrol.pipeline.UnknownTargetException;
import dev.patrol.state.LeaseHeldException;
import dev.patrol.state.StateUnavailableException;
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
        Logging.configureForCli();
        LibraryOutput.keepOffStderr();
        System.exit(execute(args));
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
        CommandLine cli = new CommandLine(new Patrol());
        // picocli builds a command's model by reflection when the command is added: add
        // only the one asked for (measured: 20 ms less start-up), or all of them when the
        // first word names none (usage, --help, a typo that wants "did you mean").
        String asked = commandWord(args);
        if ("secrets".equals(asked)) dev.patrol.secrets.SecretSweep.warmUpInBackground();
        COMMANDS.forEach((name, command) -> {
            if (asked == null || asked.equals(name)) cli.addSubcommand(name, command.get());
        });
        boolean json = wantsJson(args);
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
            case UserError u -> ErrorDocument.of(u.exitCode() == ExitCodes.USAGE ? "usage" : "failure", u.exitCode(), u.getMessage());
            case LeaseHeldException l -> ErrorDocument.of("lease", ExitCodes.FAILURE, l.getMessage());
            case StateUnavailableException s -> ErrorDocument.of("state", ExitCodes.FAILURE, "the state store is unavailable: " + s.getMessage());
            case SecretResolutionException s -> ErrorDocument.of("config", ExitCodes.USAGE, s.getMessage());
            default -> ErrorDocument.of("internal", ExitCodes.FAILURE,
                            "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                    .withHint("(set PATROL_DEBUG=1 for details; please report it)");
        };
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed, boolean json) {
        ErrorDocument failure = failure(e);
        failure.print(System.err, System.out, json);
        if (failure.kind().equals("internal") && System.getenv("PATROL_DEBUG") != null) e.printStackTrace(System.err);
        return failure.exitCode();
    }

    /** A mistyped command line: picocli's message and the usage on stderr (and, with --json, the error document). */
    private static int invalid(CommandLine.ParameterException e, boolean json) {
        ErrorDocument.of("usage", ExitCodes.USAGE, e.getMessage()).print(System.err, System.out, json);
        CommandLine.UnmatchedArgumentException.printSuggestions(e, System.err);
        System.err.println("  (patrol " + commandPath(e.getCommandLine()) + "--help shows how to use it)");
        return ExitCodes.USAGE;
    }

    private static String commandPath(CommandLine cmd) {
        String path = cmd.getCommandSpec().qualifiedName(" ");
        return path.equals("patrol") ? "" : path.substring("patrol ".length()) + " ";
    }

    /** Whether the command asks for --json (before any "--"), so that even a failure to start prints one document. */
    private static boolean wantsJson(String[] args) {
        for (String a : args) {
            if (a.equals("--")) return false;
            if (a.equals("--json")) return true;
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Patrol.class.getPackage().getImplementationVersion();
            return new String[] {"patrol " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}

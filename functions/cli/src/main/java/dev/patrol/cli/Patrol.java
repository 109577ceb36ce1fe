package dev.patrol.cli;

import dev.patrol.config.ConfigException;
import dev.patrol.config.SecretResolutionException;
import dev.patrol.pipeline.UnknownTargetException;
import dev.patrol.state.LeaseHeldException;
import dev.patrol.state.StateUnavailableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code patrol} command (CONTRACT: command line). */
@Command(name = "patrol", mixinStandardHelpOptions = true, versionProvider = Patrol.Version.class,
        description = "Scheduled ops automation: health checks, backup verification, secret sweeps, reports.",
        exitCodeOnInvalidInput = ExitCodes.USAGE, exitCodeOnExecutionException = ExitCodes.FAILURE)
public final class Patrol implements Runnable {

    @Option(names = "--config", paramLabel = "FILE", description = "patrol.yml to use (default: $PATROL_CONFIG, else ./patrol.yml)",
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configureForCli();
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
        cli.setExecutionExceptionHandler(Patrol::handle);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
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

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        switch (e) {
            case ConfigException c -> {
                err.println("patrol: the configuration has " + c.errors().size() + " error" + (c.errors().size() == 1 ? "" : "s") + ":");
                c.errors().forEach(x -> err.println("  " + x));
                return ExitCodes.USAGE;
            }
            case UnknownTargetException u -> {
                err.println("patrol: " + u.getMessage());
                return ExitCodes.USAGE;
            }
            case UserError u -> {
                err.println("patrol: " + u.getMessage());
                return u.exitCode();
            }
            case LeaseHeldException l -> {
                err.println("patrol: " + l.getMessage());
                return ExitCodes.FAILURE;
            }
            case StateUnavailableException s -> {
                err.println("patrol: the state store is unavailable: " + s.getMessage());
                return ExitCodes.FAILURE;
            }
            case SecretResolutionException s -> {
                err.println("patrol: " + s.getMessage());
                return ExitCodes.USAGE;
            }
            default -> {
                err.println("patrol: internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                err.println("  (set PATROL_DEBUG=1 for details; please report it)");
                if (System.getenv("PATROL_DEBUG") != null) e.printStackTrace(err);
                return ExitCodes.FAILURE;
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Patrol.class.getPackage().getImplementationVersion();
            return new String[] {"patrol " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}

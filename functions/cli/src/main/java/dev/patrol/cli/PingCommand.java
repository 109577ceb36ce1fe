package dev.patrol.cli;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.health.Pings;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "ping", description = "Record a heartbeat ping: the job ran (default), started (--start), failed (--fail)"
        + " or ended with an exit code (--exit-code N: 0 is success, anything else failure).")
final class PingCommand implements Callable<Integer> {
    @ParentCommand
    Patrol patrol;

    @Parameters(paramLabel = "HEARTBEAT")
    String name;

    @ArgGroup(exclusive = true)
    Kind kind;

    static final class Kind {
        @Option(names = "--start", description = "the job started")
        boolean start;

        @Option(names = "--fail", description = "the job failed")
        boolean fail;

        @Option(names = "--exit-code", paramLabel = "N", description = "the job's exit code, 0-255: 0 is success, anything else failure")
        Integer exitCode;
    }

    @Option(names = "--message", paramLabel = "TEXT", description = "what the job has to say (kept up to 10 KB, shown in the alert)")
    String message;

    @Override
    public Integer call() {
        try (Workspace ws = Workspace.open(patrol.config)) {
            boolean known = ws.config().health().heartbeats().stream().anyMatch(h -> h.name().equals(name));
            if (!known) {
                var names = ws.config().health().heartbeats().stream().map(h -> h.name()).toList();
                throw new UserError(ExitCodes.USAGE, "no heartbeat named \"" + name + "\" in the config; known: "
                        + (names.isEmpty() ? "none (add one under health.heartbeats)" : String.join(", ", names)));
            }
            Integer exitCode = kind == null ? null : kind.exitCode;
            if (exitCode != null && (exitCode < 0 || exitCode > 255)) {
                throw new UserError(ExitCodes.USAGE, "--exit-code " + exitCode + " is not an exit code; use 0 (success) to 255");
            }
            Pings.Kind k = kind == null ? Pings.Kind.OK
                    : kind.start ? Pings.Kind.START
                    : kind.fail ? Pings.Kind.FAIL
                    : exitCode == 0 ? Pings.Kind.OK : Pings.Kind.FAIL;
            // The clock every command runs on (PATROL_TEST_NOW moves it in tests): a ping and the run that reads it agree.
            Instant now = dev.patrol.time.Clocks.fromEnvironment().instant();
            // A cron job's ping must not be lost because a long run holds the local state: wait for it.
            new Pings(ws.state("ping " + name, Duration.ofMinutes(2))).record(name, k, now, exitCode, message);
            System.out.println("pinged " + escape(name) + (k == Pings.Kind.OK ? "" : " (" + k.id() + ")")
                    + (exitCode == null ? "" : " exit code " + exitCode) + " at " + now);
            return ExitCodes.OK;
        }
    }
}

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

@Command(name = "ping", description = "Record a heartbeat ping: the job ran (default), started (--start) or failed (--fail).")
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
    }

    @Override
    public Integer call() {
        try (Workspace ws = Workspace.open(patrol.config)) {
            boolean known = ws.config().health().heartbeats().stream().anyMatch(h -> h.name().equals(name));
            if (!known) {
                var names = ws.config().health().heartbeats().stream().map(h -> h.name()).toList();
                throw new UserError(ExitCodes.USAGE, "no heartbeat named \"" + name + "\" in the config; known: "
                        + (names.isEmpty() ? "none (add one under health.heartbeats)" : String.join(", ", names)));
            }
            Pings.Kind k = kind == null ? Pings.Kind.OK : kind.start ? Pings.Kind.START : Pings.Kind.FAIL;
            Instant now = Instant.now();
            // A cron job's ping must not be lost because a long run holds the local state: wait for it.
            new Pings(ws.state("ping " + name, Duration.ofMinutes(2))).record(name, k, now);
            System.out.println("pinged " + escape(name) + (k == Pings.Kind.OK ? "" : " (" + k.id() + ")") + " at " + now);
            return ExitCodes.OK;
        }
    }
}

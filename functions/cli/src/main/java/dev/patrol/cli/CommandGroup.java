package dev.patrol.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code patrol secrets}, {@code patrol findings}, ...):
 * run on its own, it prints its usage on stderr and exits 2, as {@code patrol} alone does. Its subcommands reach {@code --config} through {@link #patrol}.
 */
abstract class CommandGroup implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    Patrol patrol;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCodes.USAGE;
    }
}

package dev.patrol.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code patrol secrets}, {@code patrol findings}, ...):
 * run on its own, it prints its usage. Its subcommands reach {@code --config} through {@link #patrol}.
 */
abstract class CommandGroup implements Runnable {
    @ParentCommand
    Patrol patrol;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}

package dev.patrol.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "findings", description = "Secret findings remembered in state.",
        subcommands = {FindingsCommand.ListFindings.class, FindingsCommand.Ignore.class})
final class FindingsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "List open findings (--all: also ignored and resolved).")
    static final class ListFindings implements Callable<Integer> {
        @Option(names = "--all")
        boolean all;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            throw NotYet.command("patrol findings list");
        }
    }

    @Command(name = "ignore", description = "Mark a finding as ignored, with a reason.")
    static final class Ignore implements Callable<Integer> {
        @Parameters(paramLabel = "FINGERPRINT")
        String fingerprint;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        public Integer call() {
            throw NotYet.command("patrol findings ignore");
        }
    }
}

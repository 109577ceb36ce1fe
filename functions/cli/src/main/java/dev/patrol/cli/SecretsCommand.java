package dev.patrol.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "secrets", description = "Secret sweeps.", subcommands = SecretsCommand.Scan.class)
final class SecretsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "scan", description = "Scan a repository's whole history for leaked credentials (no config or state needed).")
    static final class Scan implements Callable<Integer> {
        @Parameters(paramLabel = "PATH|URL")
        String source;

        @Option(names = "--rules", paramLabel = "FILE")
        Path rules;

        @Option(names = "--format", defaultValue = "text", description = "text, json, sarif or gitleaks")
        String format;

        @Option(names = "--output", paramLabel = "FILE")
        Path output;

        @Option(names = "--baseline", paramLabel = "FILE")
        Path baseline;

        @Option(names = "--since", paramLabel = "REV")
        String since;

        @Option(names = "--redact")
        boolean redact;

        @Override
        public Integer call() {
            throw NotYet.command("patrol secrets scan");
        }
    }
}

package dev.patrol.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", description = "Render the digest and per-repository reports.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--format", defaultValue = "html", description = "html, md or json")
    String format;

    @Option(names = "--output", paramLabel = "DIR")
    Path output;

    @Override
    public Integer call() {
        throw NotYet.command("patrol report");
    }
}

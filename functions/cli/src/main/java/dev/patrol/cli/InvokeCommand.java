package dev.patrol.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "invoke", description = "Invoke a deployed Patrol function and print its result like run does.")
final class InvokeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB")
    String job;

    @Option(names = "--function-name", paramLabel = "NAME")
    String functionName;

    @Option(names = "--region", paramLabel = "REGION")
    String region;

    @Override
    public Integer call() {
        throw NotYet.command("patrol invoke");
    }
}

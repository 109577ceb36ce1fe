package dev.patrol.cli;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.aws.AwsClients;
import dev.patrol.aws.FunctionInvocation;
import dev.patrol.config.PatrolConfig;
import dev.patrol.jobs.JobCatalog;
import dev.patrol.pipeline.RunRecord;
import dev.patrol.state.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.lambda.LambdaClient;

@Command(name = "invoke", description = "Invoke a deployed Patrol function and print its result like run does (same exit codes).")
final class InvokeCommand implements Callable<Integer> {
    @ParentCommand
    Patrol patrol;

    @Parameters(paramLabel = "JOB", description = "health, backups, secrets or report")
    String job;

    @Option(names = "--function-name", paramLabel = "NAME", description = "default: <config name>-<job>, as infra/template.yaml names it")
    String functionName;

    @Option(names = "--region", paramLabel = "REGION", description = "default: aws.region in the config, else the AWS default")
    String region;

    @Option(names = "--target", paramLabel = "NAME", description = "only this target (repeatable)")
    List<String> targets = new ArrayList<>();

    @Option(names = "--json", description = "print the function's JSON document")
    boolean json;

    @Override
    public Integer call() {
        // The deployed job functions are the catalog's jobs (infra/template.yaml), report among them.
        List<String> deployed = List.copyOf(JobCatalog.standard().keySet());
        if (!deployed.contains(job)) {
            throw new UserError(ExitCodes.USAGE, "unknown job \"" + job + "\"; use one of "
                    + String.join(", ", deployed.subList(0, deployed.size() - 1)) + " or " + deployed.getLast());
        }
        String name = functionName;
        String where = region;
        if (name == null || where == null) {
            PatrolConfig config = Workspace.loadConfig(patrol.config);
            if (name == null) name = FunctionInvocation.functionName(config.name(), job);
            if (where == null) where = config.aws().region();
        }
        if (where == null && !AwsClients.regionKnown(null)) {
            throw new UserError(ExitCodes.USAGE, "no AWS region to find " + name + " in: pass --region, or set aws.region in the config or AWS_REGION");
        }
        try (LambdaClient client = FunctionInvocation.client(where, null)) {
            FunctionInvocation.Result result = new FunctionInvocation(client).invoke(name, FunctionInvocation.ALIAS, targets);
            if (result.document() == null) {
                // Nothing came back to print: the failure itself is the one document.
                ErrorDocument.of(result.exitCode() == ExitCodes.USAGE ? "usage" : "aws", result.exitCode(), result.message())
                        .print(System.err, System.out, json);
                return result.exitCode();
            }
            if (json) {
                System.out.println(result.document());
            } else if (result.document().has("results")) {
                new Printer(System.out, System.err, true).run(Json.MAPPER.treeToValue(result.document(), RunRecord.class));
            }
            if (result.message() != null) System.err.println("patrol: " + escape(result.message()));
            return result.exitCode();
        }
    }
}

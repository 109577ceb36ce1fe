package dev.patrol.cli;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.aws.AwsClients;
import dev.patrol.config.AwsReference;
import dev.patrol.config.DeployedGrants;
import dev.patrol.config.PatrolConfig;
import dev.patrol.secrets.SecretSweep;
import dev.patrol.secrets.rules.RuleConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

@Command(name = "config", description = "Work with patrol.yml.", subcommands = ConfigCommand.Validate.class)
final class ConfigCommand extends CommandGroup {

    @Command(name = "validate", description = "Check the whole config; print every error with file:line and key (exit 2), or a summary.")
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

        @Option(names = "--stack", paramLabel = "NAME", description = "also check that the deployed stack's roles allow every secret, parameter, topic and bucket the config names (reads its parameters and outputs)")
        String stack;

        @Option(names = "--parameter", paramLabel = "KEY=VALUE", description = "a template parameter as given to scripts/deploy, repeatable: check the roles it would deploy, without AWS")
        List<String> parameters = List.of();

        @Override
        public Integer call() {
            PatrolConfig c = Workspace.loadConfig(parent.patrol.config);
            try {
                SecretSweep.rules(c.secrets().rules()); // a rule file is part of the config: its errors are config errors
            } catch (RuleConfigException e) {
                throw new UserError(ExitCodes.USAGE, "secrets.rules: " + e.getMessage());
            }
            var h = c.health();
            System.out.println("config OK: " + escape(c.name()) + " — " + h.endpoints().size() + " endpoint(s), " + h.heartbeats().size()
                    + " heartbeat(s), " + h.freshness().size() + " freshness check(s), " + c.backups().size() + " backup set(s), "
                    + c.secrets().repos().size() + " repo(s)"
                    + (c.secrets().orgs().isEmpty() ? "" : ", " + c.secrets().orgs().size() + " organisation(s)") + "; state: "
                    + (c.state().embedded() ? "embedded in " + c.state().dir() : "DynamoDB table " + c.state().table()));
            if (c.namesS3() && !dev.patrol.aws.AwsClients.regionKnown(c.aws())) {
                System.err.println("patrol: warning: the config reads s3:// objects, and no AWS region is set: the checks that"
                        + " read S3 will fail. Set aws.region in the config, AWS_REGION in the environment, or a region in your AWS profile.");
            }
            if (stack != null || !parameters.isEmpty()) checkRoles(c);
            return ExitCodes.OK;
        }

        /** Warnings, not errors: a grant can be added after the config is written, and a hand-made policy may allow more. */
        private void checkRoles(PatrolConfig c) {
            Map<String, String> given = new LinkedHashMap<>();
            for (String p : parameters) {
                int eq = p.indexOf('=');
                if (eq <= 0) throw new UserError(ExitCodes.USAGE, "--parameter " + escape(p) + ": give KEY=VALUE, e.g. --parameter TopicArns=arn:aws:sns:eu-west-1:123456789012:ops");
                given.put(p.substring(0, eq), p.substring(eq + 1));
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            if (stack != null) readStack(c, given, outputs);
            String text;
            try {
                text = c.source() != null && Files.isRegularFile(c.source()) ? Files.readString(c.source()) : null;
            } catch (IOException e) {
                text = null;
            }
            if (text == null) {
                System.err.println("patrol: the roles can be checked against a local patrol.yml only; pass --config FILE");
                return;
            }
            String file = c.source().getFileName().toString();
            List<AwsReference> refs = AwsReference.in(text, file);
            List<String> refusals = DeployedGrants.from(given, outputs).refusals(refs, file);
            for (String r : refusals) System.err.println("patrol: warning: " + escape(r));
            System.out.println(refusals.isEmpty()
                    ? "roles OK: the " + (stack != null ? "stack " + escape(stack) + "'s" : "given parameters'") + " roles allow all " + refs.size() + " AWS reference(s) in the config"
                    : refusals.size() + " of " + refs.size() + " AWS reference(s) in the config would be refused by the deployed roles (warnings above)");
        }

        private void readStack(PatrolConfig c, Map<String, String> given, Map<String, String> outputs) {
            try (AwsClients aws = AwsClients.create(c.aws())) {
                Stack s = aws.client(CloudFormationClient::builder).describeStacks(b -> b.stackName(stack)).stacks().getFirst();
                // What was given on the command line wins: it is the change about to be deployed.
                s.parameters().forEach(p -> given.putIfAbsent(p.parameterKey(), p.parameterValue()));
                s.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            } catch (SdkException e) {
                String why = e.getMessage() == null ? "no answer" : e.getMessage().replaceAll("\\s*\\(Service: .*$", "");
                throw new UserError("aws", ExitCodes.FAILURE, "cannot read the stack " + escape(stack) + ": " + escape(why)
                        + " (check its name, the region and your AWS credentials; cloudformation:DescribeStacks is needed)");
            }
        }
    }
}

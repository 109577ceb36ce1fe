package dev.patrol.cli;

import static dev.patrol.text.ControlCharacters.escape;

import dev.patrol.config.PatrolConfig;
import dev.patrol.secrets.SecretSweep;
import dev.patrol.secrets.rules.RuleConfigException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "config", description = "Work with patrol.yml.", subcommands = ConfigCommand.Validate.class)
final class ConfigCommand extends CommandGroup {

    @Command(name = "validate", description = "Check the whole config; print every error with file:line and key (exit 2), or a summary.")
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        ConfigCommand parent;

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
                    + c.secrets().repos().size() + " repo(s); state: "
                    + (c.state().embedded() ? "embedded in " + c.state().dir() : "DynamoDB table " + c.state().table()));
            if (c.namesS3() && !dev.patrol.aws.AwsClients.regionKnown(c.aws())) {
                System.err.println("patrol: warning: the config reads s3:// objects, and no AWS region is set: the checks that"
                        + " read S3 will fail. Set aws.region in the config, AWS_REGION in the environment, or a region in your AWS profile.");
            }
            return ExitCodes.OK;
        }
    }
}

package dev.patrol.lambda;

import dev.patrol.aws.ConfigDocument;
import dev.patrol.alert.Notifier;
import dev.patrol.aws.AwsClients;
import dev.patrol.aws.AwsSecretResolver;
import dev.patrol.aws.DynamoDbStateStore;
import dev.patrol.config.ConfigException;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.ReportsConfig;
import dev.patrol.jobs.JobCatalog;
import dev.patrol.pipeline.Progress;
import dev.patrol.pipeline.RunContext;
import dev.patrol.s3.S3ObjectStore;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.verify.Verifiers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime of a deployed function: the config as validated by
 * {@code patrol config validate}, state in DynamoDB, secrets from Secrets
 * Manager and SSM, alerts to Slack and SNS, the jobs of {@link JobCatalog}.
 *
 * <p>Where it differs from the CLI's wiring, and why: the state table is the one
 * the template created ({@code PATROL_STATE_TABLE}, else {@code state.table});
 * embedded state has no place in Lambda. A {@code file} alert channel is left
 * out: a function's disk is gone with its container. Reports go to the stack's
 * bucket ({@code PATROL_REPORTS_OUTPUT}) unless {@code reports.output} says otherwise.
 */
public final class PipelineRuntimeFactory implements PatrolRuntimeFactory {
    private static final Logger log = LoggerFactory.getLogger(PipelineRuntimeFactory.class);

    @Override
    public PatrolRuntime create(ConfigDocument document) {
        PatrolConfig config = reportsOutput(ConfigLoader.parse(document.text(), document.origin(), Path.of("").toAbsolutePath()));
        String table = table(config, document.origin());
        AwsClients aws = AwsClients.create(config.aws());
        AwsSecretResolver secrets = new AwsSecretResolver(aws);
        // Backup sets and freshness objects in S3 need the S3 client; a config without them should not pay its start-up.
        List<ObjectStore> stores = config.namesS3() ? List.of(new S3ObjectStore(aws::s3), new LocalFileStore()) : List.of(new LocalFileStore());
        RunContext context = new RunContext(config, new DynamoDbStateStore(aws.dynamoDb(), table),
                new ObjectStores(stores), secrets, dev.patrol.time.Clocks.fromEnvironment(), Progress.NONE);
        return new PipelineRuntime(context, notifiers(config, aws, secrets),
                JobCatalog.standard(Verifiers::fromEnvironment, new dev.patrol.forge.ForgeApi()));
    }

    /** Without reports.output, reports go to the stack's bucket (PATROL_REPORTS_OUTPUT): the one place its roles may write them. */
    private static PatrolConfig reportsOutput(PatrolConfig c) {
        if (c.reports().output() != null) return c;
        return Settings.fromEnvironment().reportsOutput().map(out -> new PatrolConfig(c.name(), c.source(), c.state(), c.aws(), c.alerts(),
                c.health(), c.backups(), c.secrets(), new ReportsConfig(out, c.reports().window(), c.reports().benchmark(), c.reports().repos())))
                .orElse(c);
    }

    private static String table(PatrolConfig config, String origin) {
        String fromTemplate = System.getenv("PATROL_STATE_TABLE");
        if (fromTemplate != null && !fromTemplate.isBlank()) return fromTemplate.trim();
        if (config.state() != null && config.state().table() != null) return config.state().table();
        throw new ConfigException(origin, "state.table is needed in AWS (or PATROL_STATE_TABLE): a function keeps no local state");
    }

    private static Map<String, Notifier> notifiers(PatrolConfig config, AwsClients aws, AwsSecretResolver secrets) {
        Map<String, Notifier> notifiers = dev.patrol.channels.Channels.of(config.alerts(), aws::sns, secrets, false);
        if (config.alerts().file() != null && notifiers.isEmpty()) {
            log.warn("alerts go only to a file, which a function cannot keep: configure alerts.slack or alerts.sns");
        }
        return notifiers;
    }
}

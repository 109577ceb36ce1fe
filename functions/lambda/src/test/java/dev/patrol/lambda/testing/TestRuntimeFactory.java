package dev.patrol.lambda.testing;

import dev.patrol.aws.ConfigDocument;
import dev.patrol.aws.AwsSecretResolver;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.PatrolConfig;
import dev.patrol.jobs.JobCatalog;
import dev.patrol.lambda.PatrolRuntime;
import dev.patrol.lambda.PatrolRuntimeFactory;
import dev.patrol.lambda.PipelineRuntime;
import dev.patrol.pipeline.Progress;
import dev.patrol.pipeline.RunContext;
import dev.patrol.secrets.verify.Endpoint;
import dev.patrol.state.InMemoryStateStore;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectStores;
import dev.patrol.verify.Verifiers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Patrol's real pipeline and jobs with state in memory and no alert channel:
 * what the functions run in tests and in scripts/bench-coldstart (no AWS, no
 * network). All containers of one JVM share one store, as all functions share
 * one table. {@code ${NAME}} references, and the verifiers' test override, resolve from system properties.
 */
public final class TestRuntimeFactory implements PatrolRuntimeFactory {
    public static final FlakyStateStore STATE = new FlakyStateStore(new InMemoryStateStore(Clock.systemUTC()));

    @Override
    public PatrolRuntime create(ConfigDocument document) {
        PatrolConfig config = ConfigLoader.parse(document.text(), document.origin(), Path.of("").toAbsolutePath());
        AwsSecretResolver secrets = new AwsSecretResolver(() -> {
            throw new IllegalStateException("no Secrets Manager in tests");
        }, () -> {
            throw new IllegalStateException("no SSM in tests");
        }, name -> System.getProperty(name, System.getenv(name)));
        RunContext context = new RunContext(config, STATE, new ObjectStores(List.of(new LocalFileStore())), secrets,
                Clock.systemUTC(), Progress.NONE);
        // As the deployed factory, with the test override read like the config's references: from system properties too.
        return new PipelineRuntime(context, Map.of(), JobCatalog.standard(() -> Verifiers.all(Endpoint.of(
                System.getProperty(Endpoint.TEST_OVERRIDE, System.getenv(Endpoint.TEST_OVERRIDE))))));
    }
}

package dev.patrol.cli;

import dev.patrol.alert.Notifier;
import dev.patrol.aws.AwsClients;
import dev.patrol.aws.AwsSecretResolver;
import dev.patrol.aws.ConfigSource;
import dev.patrol.aws.DynamoDbStateStore;
import dev.patrol.config.ConfigException;
import dev.patrol.config.ConfigLoader;
import dev.patrol.config.PatrolConfig;
import dev.patrol.config.SecretResolver;
import dev.patrol.pipeline.Progress;
import dev.patrol.pipeline.RunContext;
import dev.patrol.state.StateStore;
import dev.patrol.storage.LocalFileStore;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.ObjectStores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one CLI command needs, wired for this machine: the config, state
 * (embedded DynamoDB Local under {@code state.dir}, or a DynamoDB table),
 * storage, secret references and alert channels. Built lazily: a command that
 * does not touch state never starts DynamoDB Local.
 */
final class Workspace implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Workspace.class);
    static final String EMBEDDED_TABLE = "patrol-state";

    private final PatrolConfig config;
    private final AwsClients aws;
    private final SecretResolver secrets;
    private StateLock lock;
    private EmbeddedState embedded;
    private StateStore state;
    private java.util.concurrent.CompletableFuture<StateStore> opening;

    private Workspace(PatrolConfig config) {
        this.config = config;
        this.aws = AwsClients.create(config.aws());
        this.secrets = new AwsSecretResolver(aws);
    }

    /** {@code --config FILE}, else {@code $PATROL_CONFIG} (path, s3:// or ssm:), else ./patrol.yml. */
    static Workspace open(Path configOption) {
        PatrolConfig config = loadConfig(configOption);
        removeLeftovers(config);
        return new Workspace(config);
    }

    /**
     * What killed writers left in the local folders Patrol writes to (a snapshot's partial copy in a
     * backup folder, a report's, a state copy's): gone at the next start of any command, since a dated
     * backup name is never written again and its debris (130 MB once) would otherwise stay for good.
     */
    private static void removeLeftovers(PatrolConfig config) {
        java.util.stream.Stream.concat(config.backups().stream().map(dev.patrol.config.BackupSetConfig::location),
                        java.util.stream.Stream.of(config.reports().output()))
                .filter(l -> l != null && !l.isBlank() && new LocalFileStore().handles(l))
                .map(l -> Path.of(l.startsWith("file://") ? l.substring("file://".length()) : l))
                .distinct()
                .forEach(folder -> {
                    int removed = LocalFileStore.removeLeftovers(folder);
                    if (removed > 0) log.debug("removed {} partial copies left by killed writers in {}", removed, folder);
                });
    }

    static PatrolConfig loadConfig(Path configOption) {
        if (configOption != null) return ConfigLoader.load(configOption);
        String env = System.getenv("PATROL_CONFIG");
        if (env != null && !env.isBlank()) {
            if (env.startsWith("s3://") || env.startsWith("ssm:")) {
                try (AwsClients aws = AwsClients.create(null, null)) {
                    return ConfigLoader.parse(new ConfigSource(aws).read(env).text(), env, Path.of("").toAbsolutePath());
                } catch (ConfigSource.ConfigUnavailableException e) {
                    // Nothing at that place is the user's setup to fix (exit 2); AWS refusing or not answering is exit 3.
                    String said = e.getMessage().replaceFirst("^PATROL_CONFIG: ", "");
                    if (e.misplaced()) {
                        String q = java.util.regex.Pattern.quote(env);
                        throw new ConfigException(env, said.replaceFirst("^cannot read " + q + ": ", "could not be read: ").replaceFirst("^" + q + " ", ""));
                    }
                    throw new UserError("aws", ExitCodes.FAILURE, "could not read the config (PATROL_CONFIG=" + env + "): " + said.replaceFirst("^cannot read ", ""));
                }
            }
            return ConfigLoader.load(Path.of(env));
        }
        Path local = Path.of("patrol.yml");
        if (!local.toFile().exists()) {
            throw new ConfigException("patrol.yml", "was not found in " + Path.of("").toAbsolutePath()
                    + "; pass --config FILE, set PATROL_CONFIG, or start from examples/patrol.yml");
        }
        return ConfigLoader.load(local);
    }

    PatrolConfig config() {
        return config;
    }

    SecretResolver secrets() {
        return secrets;
    }

    AwsClients aws() {
        return aws;
    }

    /** Opens state; embedded state waits up to {@code wait} for another patrol process using the same folder. */
    StateStore state(String what, Duration wait) {
        if (state != null) return state;
        if (!config.state().embedded()) {
            state = new DynamoDbStateStore(aws.dynamoDb(), config.state().table());
            return state;
        }
        Path dir = config.state().dir();
        try {
            Optional<StateLock> l = StateLock.acquire(dir, what, wait);
            if (l.isEmpty()) {
                throw new UserError("lease", ExitCodes.FAILURE, "another patrol command is using the local state in " + dir + " ("
                        + StateLock.holder(dir) + "); this one did nothing. Wait for it to finish and run again.");
            }
            lock = l.get();
        } catch (IOException e) {
            throw new UserError("state", ExitCodes.FAILURE, "cannot open the local state folder " + dir + ": " + dev.patrol.text.ProblemWords.describe(e)
                    + "; check that it is writable or set state.dir in the config");
        }
        long start = System.nanoTime();
        Logging.quietJavaUtilLogging();
        try {
            embedded = EmbeddedState.open(dir, EMBEDDED_TABLE);
        } catch (RuntimeException e) {
            // Let go of the folder: the next job of `run all` must meet the same damage, not this process's own lock.
            releaseLock();
            throw e;
        }
        log.debug("embedded state in {} open in {} ms", dir, (System.nanoTime() - start) / 1_000_000);
        state = embedded.store();
        return state;
    }

    ObjectStores storage() {
        List<ObjectStore> stores = new ArrayList<>();
        // The S3 client costs start-up time; build it only for configs that name a bucket.
        if (config.namesS3()) stores.add(new dev.patrol.s3.S3ObjectStore(aws::s3));
        stores.add(new LocalFileStore());
        return new ObjectStores(stores);
    }

    /** The configured channels by name; resolution of a Slack webhook happens at delivery, never here. */
    Map<String, Notifier> notifiers() {
        return dev.patrol.channels.Channels.of(config.alerts(), aws::sns, secrets, true);
    }

    /** A run's context; its state opens in the background while the run starts the checks that need none. */
    RunContext context(String what, Duration wait, Progress progress) {
        return new RunContext(config, opening(what, wait), storage(), secrets, dev.patrol.time.Clocks.fromEnvironment(), progress);
    }

    private StateStore opening(String what, Duration wait) {
        if (state != null) return state;
        if (opening != null && !opening.isCompletedExceptionally()) return new OpeningState(opening);
        java.util.concurrent.CompletableFuture<StateStore> f = new java.util.concurrent.CompletableFuture<>();
        opening = f;
        Thread.ofPlatform().name("state-open").daemon().start(() -> {
            try {
                f.complete(state(what, wait));
                Timeline.mark("state open");
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return new OpeningState(f);
    }

    @Override
    public void close() {
        // State still opening (a run that ended before it used state) is closed once open, never left half made.
        if (opening != null) opening.exceptionally(e -> null).join();
        if (embedded != null) embedded.close();
        aws.close();
        releaseLock();
    }

    private void releaseLock() {
        if (lock == null) return;
        try {
            lock.close();
        } catch (IOException ignored) {
            // the OS releases it when the process ends
        }
        lock = null;
    }
}

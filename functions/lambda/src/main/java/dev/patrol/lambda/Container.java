package dev.patrol.lambda;

import dev.patrol.aws.ConfigSource;
import dev.patrol.aws.AwsClients;
import dev.patrol.lambda.fanout.FanOut;
import dev.patrol.lambda.fanout.FanOutRun;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one Lambda container keeps between invocations: its settings, its
 * SDK clients, the runtime built from its config. Nothing here is built before
 * the first invocation asks for it, so a function pays only for what it uses.
 */
public final class Container {
    private static final Logger log = LoggerFactory.getLogger(Container.class);
    /** How long a finished event's result answers redeliveries: longer than EventBridge and Lambda retry. */
    static final Duration KEEP_RESULTS = Duration.ofDays(2);

    private final Settings settings;
    private final Clock clock;
    /** The Lambda layer's own clients (config fetch, fan-out queue); the runtime builds its own from the config. */
    private final AwsClients clients;
    private final Lazy<PatrolRuntime> runtime;
    private final Lazy<Idempotency> idempotency;
    private final Lazy<FanOutRun> runs;
    private final Lazy<Optional<FanOut>> fanOut;

    public Container(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.clients = AwsClients.create(settings.region(), settings.endpoint().orElse(null));
        this.runtime = Lazy.of(() -> {
            long start = System.nanoTime();
            PatrolRuntime built = factory(settings).create(new ConfigSource(clients).read(settings.configLocation()));
            log.info("runtime built from {} in {} ms", settings.configLocation(), (System.nanoTime() - start) / 1_000_000);
            return built;
        });
        this.idempotency = Lazy.of(() -> new Idempotency(runtime.get().state(), clock, KEEP_RESULTS));
        this.runs = Lazy.of(() -> new FanOutRun(runtime.get().state(), clock));
        this.fanOut = Lazy.of(() -> settings.queueUrl().map(url -> new FanOut(clients::sqs, url, settings.batchSize())));
    }

    public static Container fromEnvironment() {
        return new Container(Settings.fromEnvironment(), dev.patrol.time.Clocks.fromEnvironment());
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public Supplier<PatrolRuntime> runtime() {
        return runtime;
    }

    public Supplier<Idempotency> idempotency() {
        return idempotency;
    }

    public Supplier<FanOutRun> runs() {
        return runs;
    }

    /** The fan-out queue, when {@code PATROL_QUEUE_URL} is set. */
    public Optional<FanOut> fanOut() {
        return fanOut.get();
    }

    static PatrolRuntimeFactory factory(Settings settings) {
        List<PatrolRuntimeFactory> found = ServiceLoader.load(PatrolRuntimeFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        if (settings.runtimeFactory().isPresent()) {
            String wanted = settings.runtimeFactory().get();
            return found.stream().filter(f -> f.getClass().getName().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("PATROL_RUNTIME_FACTORY names " + wanted
                            + ", which is not among " + names(found)));
        }
        if (found.size() == 1) return found.getFirst();
        throw new IllegalStateException(found.isEmpty()
                ? "no PatrolRuntimeFactory on the class path: the artifact was built without Patrol's pipeline"
                : "several PatrolRuntimeFactory implementations " + names(found) + ": set PATROL_RUNTIME_FACTORY");
    }

    private static List<String> names(List<PatrolRuntimeFactory> factories) {
        return factories.stream().map(f -> f.getClass().getName()).toList();
    }
}

package dev.patrol.lambda.testing;

import dev.patrol.lambda.ConfigDocument;
import dev.patrol.lambda.PatrolRuntime;
import dev.patrol.lambda.PatrolRuntimeFactory;
import java.time.Clock;

/**
 * TEMPORARY (test sources only): builds a {@link TemporaryRuntime} over one
 * shared in-memory state store, so tests can look at what the functions wrote.
 * Registered in src/test/resources/META-INF/services.
 */
public final class TemporaryRuntimeFactory implements PatrolRuntimeFactory {
    public static final InMemoryStateStore STATE = new InMemoryStateStore(Clock.systemUTC());

    @Override
    public PatrolRuntime create(ConfigDocument config) {
        return new TemporaryRuntime(config.text(), STATE, Clock.systemUTC());
    }
}

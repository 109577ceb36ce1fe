package dev.patrol.pipeline;

import dev.patrol.config.PatrolConfig;
import dev.patrol.config.SecretResolver;
import dev.patrol.state.StateStore;
import dev.patrol.storage.ObjectStores;
import java.time.Clock;

/** What a job may use while it runs: config, state, storage, secrets and the clock. Built once per process by the CLI or the Lambda. */
public record RunContext(PatrolConfig config, StateStore state, ObjectStores storage, SecretResolver secrets, Clock clock,
                         Progress progress) {
    public RunContext {
        if (progress == null) progress = Progress.NONE;
    }
}

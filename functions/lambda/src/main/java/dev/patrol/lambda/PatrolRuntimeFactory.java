package dev.patrol.lambda;

import dev.patrol.aws.ConfigDocument;

/**
 * Builds the {@link PatrolRuntime} of a container from its configuration
 * document. Found through {@link java.util.ServiceLoader}, so the functions
 * depend only on this interface and the pipeline's wiring plugs in beside them.
 * When several are on the class path, {@code PATROL_RUNTIME_FACTORY} names the
 * one to use.
 */
public interface PatrolRuntimeFactory {

    PatrolRuntime create(ConfigDocument config);
}

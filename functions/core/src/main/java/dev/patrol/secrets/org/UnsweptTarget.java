package dev.patrol.secrets.org;

import dev.patrol.alert.Severity;
import dev.patrol.pipeline.Observation;
import dev.patrol.pipeline.Target;
import java.util.Map;

/**
 * A target that is known, before any sweep, not to be sweepable: an organisation whose listing
 * failed, or a repository too big for the clone cache. It becomes one error result of its own,
 * and the other targets go on.
 */
public record UnsweptTarget(String name, Severity severity, String message, Map<String, Object> details) implements Target {
    public UnsweptTarget {
        details = Map.copyOf(details);
    }

    /** A repository (or an organisation standing for its repositories): the contract's one kind for secrets targets. */
    @Override
    public String kind() {
        return "repo";
    }

    public Observation observation() {
        return Observation.error(message, details);
    }
}

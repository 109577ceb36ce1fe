package dev.patrol.pipeline;

import dev.patrol.alert.Alert;
import java.util.List;
import java.util.Map;

/**
 * What one check saw of one target: a status, one line a person can act on, and
 * evidence. A failed check is an observation, not an exception. {@code events} are
 * alerts a job raises itself beyond up/down (a new or resolved secret finding).
 *
 * <p>{@code afterRecorded} is what the job itself remembers about the target (the
 * secrets job: its findings and scan cursor). The pipeline runs it only once this
 * observation's state and alerts are safely written, so a run that stops in between
 * leaves the job's memory behind, and the next run raises the same events again
 * instead of losing them.
 */
public record Observation(Status status, String message, Map<String, Object> details, List<Alert> events, Runnable afterRecorded) {
    private static final Runnable NOTHING = () -> {};

    public Observation {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        events = events == null ? List.of() : List.copyOf(events);
        afterRecorded = afterRecorded == null ? NOTHING : afterRecorded;
    }

    public Observation(Status status, String message, Map<String, Object> details, List<Alert> events) {
        this(status, message, details, events, NOTHING);
    }

    public static Observation ok(String message, Map<String, Object> details) {
        return new Observation(Status.OK, message, details, List.of());
    }

    public static Observation fail(String message, Map<String, Object> details) {
        return new Observation(Status.FAIL, message, details, List.of());
    }

    public static Observation error(String message, Map<String, Object> details) {
        return new Observation(Status.ERROR, message, details, List.of());
    }

    public Observation withEvents(List<Alert> more) {
        return new Observation(status, message, details, more, afterRecorded);
    }

    public Observation withAfterRecorded(Runnable then) {
        return new Observation(status, message, details, events, then);
    }
}

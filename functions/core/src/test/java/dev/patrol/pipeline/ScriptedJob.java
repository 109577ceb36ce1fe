package dev.patrol.pipeline;

import dev.patrol.alert.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job whose targets answer whatever the test scripts before each run: ok, a
 * failure, a crash, or anything a {@link Callable} does (block, count calls).
 * Every target starts out answering ok.
 */
public final class ScriptedJob implements Job {
    public record Probe(String name, Severity severity, int failAfter) implements Target {
        @Override
        public String kind() {
            return "probe";
        }
    }

    private final String name;
    private final List<Probe> targets = new ArrayList<>();
    private final Map<String, Callable<Observation>> answers = new ConcurrentHashMap<>();
    private boolean withoutState;

    public ScriptedJob(String name) {
        this.name = name;
    }

    public ScriptedJob target(String target, Severity severity, int failAfter) {
        targets.add(new Probe(target, severity, failAfter));
        answers.put(target, () -> Observation.ok("fine", Map.of()));
        return this;
    }

    /** From now on {@code target} is ok or fails (with the message "{target} answered 503"). */
    public ScriptedJob answer(String target, Status status) {
        Observation o = new Observation(status, status == Status.OK ? "fine" : target + " answered 503", Map.of("status", 503), List.of());
        return answer(target, () -> o);
    }

    public ScriptedJob answer(String target, Callable<Observation> answer) {
        if (!answers.containsKey(target)) throw new IllegalArgumentException("no target " + target);
        answers.put(target, answer);
        return this;
    }

    /** Its checks need nothing from state (as HTTP checks): the pipeline may start them before the run holds its lease. */
    public ScriptedJob observedWithoutState() {
        withoutState = true;
        return this;
    }

    @Override
    public boolean observesWithoutState(Target target) {
        return withoutState;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<? extends Target> targets(RunContext context) {
        return List.copyOf(targets);
    }

    @Override
    public Observation observe(Target target, RunContext context) throws Exception {
        return answers.get(target.name()).call();
    }
}

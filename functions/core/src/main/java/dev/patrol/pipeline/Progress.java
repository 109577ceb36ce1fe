package dev.patrol.pipeline;

/** Where long work reports how far it got (a progress bar in the CLI, nothing in Lambda). */
public interface Progress {
    Progress NONE = (task, done, total) -> {};

    /** {@code total} is -1 when unknown. */
    void update(String task, long done, long total);
}

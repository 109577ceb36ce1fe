package dev.patrol.secrets.git;

/** Receives progress of a long sweep, for a progress bar. Called from scanning threads; keep it cheap. */
@FunctionalInterface
public interface ScanProgress {

    enum Phase { CLONE, COMMITS, BLOBS, ATTRIBUTION }

    /** {@code total} is -1 while unknown. */
    void update(Phase phase, long done, long total);

    ScanProgress NONE = (phase, done, total) -> {};
}

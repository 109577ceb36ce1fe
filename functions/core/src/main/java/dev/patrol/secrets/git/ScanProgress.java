package dev.patrol.secrets.git;

import dev.patrol.pipeline.Progress;

/** Receives progress of a long sweep, for a progress bar. Called from scanning threads; keep it cheap. */
@FunctionalInterface
public interface ScanProgress {

    enum Phase {
        CLONE("fetching"), COMMITS("walking commits"), BLOBS("reading files"), ATTRIBUTION("attributing");

        private final String words;

        Phase(String words) {
            this.words = words;
        }

        /** What the sweep is doing, as a progress bar says it. */
        public String words() {
            return words;
        }
    }

    /** {@code total} is -1 while unknown. */
    void update(Phase phase, long done, long total);

    ScanProgress NONE = (phase, done, total) -> {};

    /** Reports to a job's progress (a terminal's progress bar), each phase named after {@code label}. */
    static ScanProgress to(Progress progress, String label) {
        return (phase, done, total) -> progress.update(label + ": " + phase.words(), done, total);
    }
}

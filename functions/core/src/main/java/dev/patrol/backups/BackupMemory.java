package dev.patrol.backups;

import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Patrol remembers of a backup set between runs, in one state item
 * ({@code pk = backups#NAME, sk = memory}): the oldest period ever seen (so a set
 * that loses its old backups early is noticed), recent sizes by name (so a shrink is
 * measured against history even after old objects are gone), where the rotation of
 * full reads stopped (so restore tests go through the whole set, run after run), the
 * objects that failed their last read (read again every run until they pass), and
 * when the set was last verified. It stays small whatever the size of the set: one
 * DynamoDB item holds at most 400 KB.
 */
record BackupMemory(Instant earliest, Map<String, Long> sizes, String cursor, List<String> failing, Instant lastRun) {

    /** Sizes of this many most recent backups are kept: enough for a median, small enough for one item. */
    static final int SIZES_KEPT = 30;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** At most this many failing objects are remembered for re-reading. */
    static final int FAILING_KEPT = 100;

    BackupMemory {
        sizes = sizes == null ? Map.of() : Map.copyOf(sizes);
        failing = failing == null ? List.of() : List.copyOf(failing.subList(0, Math.min(failing.size(), FAILING_KEPT)));
    }

    static BackupMemory empty() {
        return new BackupMemory(null, Map.of(), null, List.of(), null);
    }

    static String pk(String setName) {
        return "backups#" + setName;
    }

    static final String SK = "memory";

    /** The memory and the version it was stored with (-1 when there is none yet). */
    record Loaded(BackupMemory memory, long version) {}

    static Loaded load(StateStore state, String setName) {
        Optional<StateItem> item = state.get(pk(setName), SK);
        if (item.isEmpty()) return new Loaded(empty(), -1);
        try {
            return new Loaded(JSON.readValue(item.get().data(), BackupMemory.class), item.get().version());
        } catch (RuntimeException unreadable) {
            // An older or damaged memory is not worth failing a run over: start afresh.
            return new Loaded(empty(), item.get().version());
        }
    }

    /** Stores the memory unless another run changed it meanwhile (that run's memory is as good as ours). */
    static void save(StateStore state, String setName, BackupMemory memory, long version) {
        StateItem item = StateItem.of(pk(setName), SK, JSON.writeValueAsString(memory));
        try {
            state.put(version < 0 ? item : item.withVersion(version), version < 0 ? Expect.ABSENT : Expect.version(version));
        } catch (ConditionFailedException raced) {
            // another run of the same set saved first; keep theirs
        }
    }

    /** The sizes of the {@link #SIZES_KEPT} newest names, by the date the pattern reads from each. */
    static Map<String, Long> newestSizes(Map<String, Long> sizes, BackupPattern pattern) {
        Map<String, Long> kept = new LinkedHashMap<>();
        sizes.entrySet().stream()
                .filter(e -> pattern.match(e.getKey()).isPresent())
                .sorted(java.util.Comparator.comparing((Map.Entry<String, Long> e) -> pattern.match(e.getKey()).orElseThrow())
                        .reversed())
                .limit(SIZES_KEPT)
                .forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }
}

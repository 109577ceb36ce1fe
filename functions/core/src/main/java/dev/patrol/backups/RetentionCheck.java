package dev.patrol.backups;

import dev.patrol.backups.integrity.Manifest;
import dev.patrol.backups.restore.Causes;
import dev.patrol.storage.ObjectStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Retention both ways: nothing older than {@code retention} remains (expired objects
 * are deleted when {@code prune: true}, listed as a dry run otherwise), and the set
 * still reaches back as far as retention promises: backups seen on earlier runs that
 * are still within retention must not have gone.
 */
final class RetentionCheck {
    private RetentionCheck() {}

    static void run(BackupSet set, ObjectStore store, Instant rememberedEarliest, List<Problem> problems,
                    Map<String, Object> details) {
        if (set.config().retention() == null) return;
        reachesBack(set, rememberedEarliest, problems);
        List<BackupObject> expired = set.objects().stream().filter(set::expired).toList();
        if (expired.isEmpty()) return;
        List<String> names = expired.stream().map(BackupObject::name).toList();
        if (!set.config().prune()) {
            details.put("wouldPrune", names);
            problems.add(Problem.fail(Problem.Check.RETENTION, names.get(0), names.size() + " backup"
                    + (names.size() == 1 ? " is" : "s are") + " older than retention " + Durations.human(set.config().retention())
                    + " (dry run would delete " + Lists.some(names) + "): set prune: true or add a lifecycle rule expiring them"));
            return;
        }
        List<String> pruned = new ArrayList<>();
        for (BackupObject o : expired) {
            try {
                if (o.name().endsWith("/")) deleteFolder(store, o.location());
                else store.delete(o.location());
                for (String sidecar : java.util.stream.Stream.concat(Manifest.SHA256_SIDECARS.stream(), Stream.of(Manifest.SUFFIX)).toList()) {
                    if (set.listedNames().contains(o.name() + sidecar)) store.delete(o.location() + sidecar);
                }
                pruned.add(o.name());
            } catch (IOException e) {
                problems.add(Problem.error(Problem.Check.RETENTION, o.name(), "could not prune " + o.name() + ": " + Causes.phrase(e)));
            }
        }
        details.put("pruned", pruned);
    }

    /**
     * A folder backup is its objects: each is deleted, then the folder itself (an empty
     * local directory, or S3's zero-byte folder marker where one was made). Deleting only
     * the folder's name would delete nothing on S3 and still be called pruned.
     */
    private static void deleteFolder(ObjectStore store, String folder) throws IOException {
        List<String> files;
        try (Stream<dev.patrol.storage.ObjectInfo> listing = store.list(folder)) {
            files = listing.map(dev.patrol.storage.ObjectInfo::location).filter(l -> !l.equals(folder)).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        for (String file : files) store.delete(file);
        store.delete(folder);
    }

    private static void reachesBack(BackupSet set, Instant rememberedEarliest, List<Problem> problems) {
        if (rememberedEarliest == null) return;
        Instant oldest = set.objects().get(0).period();
        Instant promisedFrom = set.now().minus(set.config().retention());
        Instant lostFrom = rememberedEarliest.isAfter(promisedFrom) ? rememberedEarliest : promisedFrom;
        // A whole period of difference: the oldest may be pruned on schedule between runs.
        if (set.config().every() != null && oldest.isAfter(lostFrom.plus(set.config().every()))) {
            String from = set.pattern().label(lostFrom);
            String to = set.pattern().label(oldest.minus(set.config().every()));
            problems.add(Problem.fail(Problem.Check.RETENTION, null, "backups from " + from + " to " + to
                    + " are gone although retention " + Durations.human(set.config().retention()) + " keeps them: "
                    + "something deleted them early (a lifecycle rule shorter than retention, or a person); "
                    + "restore them from older versions if the bucket is versioned"));
        }
    }
}

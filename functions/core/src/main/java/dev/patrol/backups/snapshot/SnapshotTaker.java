package dev.patrol.backups.snapshot;

import dev.patrol.backups.BackupPattern;
import dev.patrol.backups.BackupResult;
import dev.patrol.backups.BackupVerifier;
import dev.patrol.backups.Problem;
import dev.patrol.backups.integrity.Manifest;
import dev.patrol.backups.restore.Sizes;
import dev.patrol.config.BackupSetConfig;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.PutResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes a snapshot of a backup set's {@code source} (what {@code patrol backup snapshot
 * NAME} runs): streams it to the object the pattern names for the current period, with
 * the store's SHA-256 checksum and a Patrol manifest beside it, then verifies it at
 * once (read back in full, checksums recomputed, restore-tested). An object that
 * already exists for this period is left alone: a snapshot never overwrites a backup.
 */
public final class SnapshotTaker {
    private final ObjectStore store;
    private final BackupVerifier verifier;
    private final Clock clock;

    public SnapshotTaker(ObjectStore store, BackupVerifier verifier, Clock clock) {
        this.store = store;
        this.verifier = verifier;
        this.clock = clock;
    }

    public BackupResult take(BackupSetConfig set) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (set.source() == null || set.source().isBlank()) {
            return result(set, details, Problem.error(Problem.Check.LISTING, null, "backup set " + set.name()
                    + " has no source: add source: PATH (a file, a folder or a git repository) to snapshot it"));
        }
        if (set.source().contains("://")) {
            return result(set, details, Problem.error(Problem.Check.LISTING, null, "source " + set.source()
                    + " is a URL: snapshots copy a local file, folder or git repository; clone it first and point source at the clone"));
        }
        Instant now = clock.instant();
        String name;
        try {
            name = BackupPattern.parse(set.pattern()).format(now);
        } catch (RuntimeException e) {
            return result(set, details, Problem.error(Problem.Check.LISTING, null, e.getMessage()));
        }
        String location = BackupVerifier.folder(set.location()) + name;
        details.put("object", name);
        try {
            if (store.stat(location).isPresent()) {
                details.put("written", false);
                BackupResult check = verifier.verifyObject(set, name);
                return withDetails(check, details, name + " already exists for this period; nothing written ("
                        + check.message() + ")");
            }
            SnapshotSource source = SnapshotSource.of(Path.of(set.source()), name);
            PutResult put;
            try (InputStream in = ProducedStream.start(set.name(), source::writeTo)) {
                put = store.put(location, in, -1);
            }
            Manifest manifest = Manifest.of(name, put.size(), put.sha256(), now, source.kind(), source.contents());
            byte[] json = manifest.toJson();
            store.put(location + Manifest.SUFFIX, new ByteArrayInputStream(json), json.length);
            details.put("written", true);
            details.put("size", put.size());
            details.put("sha256", put.sha256());
            details.put("source", source.kind());
            BackupResult check = verifier.verifyObject(set, name);
            return withDetails(check, details, "snapshot " + name + " written (" + Sizes.human(put.size()) + ", " + source.kind()
                    + ") and verified: " + check.message());
        } catch (IOException e) {
            return result(set, details, Problem.error(Problem.Check.LISTING, name, "snapshot " + name + " failed: " + e.getMessage()));
        }
    }

    private static BackupResult withDetails(BackupResult check, Map<String, Object> snapshot, String okMessage) {
        Map<String, Object> details = new LinkedHashMap<>(check.details());
        details.put("snapshot", snapshot);
        return new BackupResult(check.target(), check.status(), check.ok() ? okMessage : check.message(), details, check.problems());
    }

    private static BackupResult result(BackupSetConfig set, Map<String, Object> details, Problem problem) {
        return BackupResult.of(set.name(), null, Map.of("snapshot", details), List.of(problem));
    }
}

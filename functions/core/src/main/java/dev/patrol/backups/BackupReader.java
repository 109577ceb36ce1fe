package dev.patrol.backups;

import dev.patrol.backups.integrity.ChecksumAlgorithm;
import dev.patrol.backups.integrity.ChecksumSet;
import dev.patrol.backups.integrity.ExpectedChecksum;
import dev.patrol.backups.integrity.Manifest;
import dev.patrol.backups.restore.Causes;
import dev.patrol.backups.restore.RestoreOutcome;
import dev.patrol.backups.restore.RestorePlan;
import dev.patrol.backups.restore.RestoreTest;
import dev.patrol.storage.NoSuchObjectException;
import dev.patrol.storage.ObjectContent;
import dev.patrol.storage.ObjectInfo;
import dev.patrol.storage.ObjectStore;
import dev.patrol.storage.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one backup object in full, once: the restore test consumes the bytes while
 * every checksum the object should have (the store's own, a {@code .sha256} sidecar,
 * Patrol's manifest) is recomputed from the same bytes.
 */
final class BackupReader {

    /** The outcome of reading one object: problems found and the evidence for details. */
    record Report(String name, long bytes, List<Problem> problems, Map<String, Object> details, boolean vanished) {}

    /** Objects above 8 MB are read ahead on a second thread. */
    static final long READ_AHEAD_FROM = 8L << 20;

    private final ObjectStore store;
    private final RestoreTest restoreTest;
    private final Duration maxTime;

    BackupReader(ObjectStore store, RestoreTest restoreTest, Duration maxTime) {
        this.store = store;
        this.restoreTest = restoreTest;
        this.maxTime = maxTime;
    }

    /**
     * What else says what the object should be: the name of its sidecar ({@code NAME.sha256},
     * null when none), whether a Patrol manifest is beside it, and its line in the folder's
     * {@code SHA256SUMS} (null when none); {@code requestRestore}: when the object is archived,
     * ask the store for a readable copy.
     */
    record Evidence(String sidecar, boolean manifest, String listedSha256, boolean requestRestore) {}

    /** What is said of an archived object that cannot be read yet: its own outcome, neither a failure nor a silent ok. */
    static final String ARCHIVED = "archived: size, checksum attributes and retention checked; content not read";

    Report read(BackupObject object, RestorePlan plan, Evidence evidence) {
        String name = object.name();
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("object", name);
        List<ExpectedChecksum> expected = new ArrayList<>();
        try {
            if (evidence.sidecar() != null) sidecar(object, evidence.sidecar(), expected, problems);
            if (evidence.manifest()) manifest(object, expected, problems);
            if (evidence.listedSha256() != null) {
                expected.add(ExpectedChecksum.ofHex(ChecksumAlgorithm.SHA256, evidence.listedSha256(), Manifest.SHA256_LIST));
            }
            if (object.name().endsWith("/")) return folder(object, problems, details);
            if (object.info().archived()) {
                ObjectInfo now = store.stat(object.location()).orElse(null);
                if (now == null) return new Report(name, 0, List.of(), details, true);
                if (!now.restored()) return archived(object, now, evidence, expected, problems, details);
                details.put("restoredCopy", true); // read like any other while the temporary copy lasts
            }
            try (ObjectContent content = store.open(object.location())) {
                expected.addAll(ExpectedChecksum.fromStore(content.info().checksums(),
                        object.location().startsWith("s3://") ? "S3" : "the store"));
                ChecksumSet checksums = new ChecksumSet(expected, content.info().partSize());
                // Large objects are read a few chunks ahead on a second thread; small ones are not worth a thread.
                try (InputStream source = content.info().size() > READ_AHEAD_FROM ? new ReadAhead(content, name) : content) {
                    MeteredStream metered = new MeteredStream(source, checksums, object.location(), Instant.now().plus(maxTime));
                    RestoreOutcome restore = plan.content() == dev.patrol.backups.restore.RestoreFormat.NONE && plan.layers().isEmpty()
                            ? RestoreOutcome.ok(Map.of("restore", "none")) : restoreTest.run(metered, plan, metered::count);
                    metered.drain();
                    details.put("bytes", metered.count());
                    restoreProblems(name, restore, problems, details);
                    integrityProblems(name, checksums, expected, problems, details);
                    if (metered.count() != content.info().size() && content.info().size() >= 0) {
                        problems.add(Problem.fail(Problem.Check.INTEGRITY, name, name + ": read " + metered.count()
                                + " bytes but the store says it has " + content.info().size() + "; the object changed while Patrol read it, or the store is broken"));
                    }
                    return new Report(name, metered.count(), problems, details, false);
                }
            }
        } catch (NoSuchObjectException gone) {
            return new Report(name, 0, List.of(), details, true);
        } catch (ObjectStoreException e) {
            problems.add(Problem.error(Problem.Check.RESTORE, name, Causes.phrase(e)));
            return new Report(name, 0, problems, details, false);
        } catch (IOException e) {
            problems.add(Problem.error(Problem.Check.RESTORE, name, "reading " + name + " failed: " + Causes.phrase(e)));
            return new Report(name, 0, problems, details, false);
        }
    }

    /** A backup kept as a folder of objects ({@code pg_dump -Fd} synced to a prefix): its files restore-tested together. */
    private Report folder(BackupObject object, List<Problem> problems, Map<String, Object> details) throws IOException {
        String name = object.name();
        List<String> names;
        try (java.util.stream.Stream<ObjectInfo> listing = store.list(object.location())) {
            names = listing.map(i -> i.location().substring(object.location().length())).sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (names.isEmpty()) return new Report(name, 0, List.of(), details, true);
        FolderReads files = new FolderReads(store, object.location(), Instant.now().plus(maxTime));
        RestoreOutcome restore = restoreTest.runFolder(files, names, files::bytes);
        files.readTheRest(names);
        details.put("files", names.size());
        details.put("bytes", files.bytes());
        restoreProblems(name, restore, problems, details);
        files.integrityProblems(name, problems, details);
        return new Report(name, files.bytes(), problems, details, false);
    }

    /**
     * Without its bytes, an archived object is checked on what S3 says of it: the size
     * (already, by the size check), the SHA-256 S3 keeps for it against the sidecar,
     * manifest or SHA256SUMS, and retention (by the retention check). With
     * {@code restoreTest: request} the newest one is restored and read on a later run.
     */
    private Report archived(BackupObject object, ObjectInfo now, Evidence evidence, List<ExpectedChecksum> expected,
                            List<Problem> problems, Map<String, Object> details) throws IOException {
        String name = object.name();
        details.put("storageClass", now.storageClass());
        details.put("restore", ARCHIVED);
        Map<String, String> outcome = new LinkedHashMap<>();
        for (ExpectedChecksum s3 : ExpectedChecksum.fromStore(now.checksums(), "S3")) {
            if (s3.algorithm() != ChecksumAlgorithm.SHA256 || s3.composite()) continue;
            for (ExpectedChecksum e : expected) {
                if (e.algorithm() != ChecksumAlgorithm.SHA256) continue;
                if (s3.hex().equals(e.hex())) {
                    outcome.put(e.source(), "ok (S3 SHA256)");
                } else {
                    outcome.put(e.source(), "mismatch");
                    problems.add(Problem.fail(Problem.Check.INTEGRITY, name, name + " (archived in " + now.storageClass() + ") has S3 SHA256 "
                            + shortHex(s3.hex()) + " but " + e.source() + " says " + shortHex(e.hex())
                            + ": the archived bytes are not what was backed up; restore from another backup"));
                }
            }
        }
        details.put("checksums", outcome.isEmpty() ? "S3 keeps " + (now.checksums().isEmpty() ? "no checksum" : String.join(", ", now.checksums().keySet()))
                + "; nothing to compare without reading" : outcome);
        if (now.restoring()) {
            details.put("restoreRequest", "in progress; read on a later run");
        } else if (evidence.requestRestore()) {
            try {
                store.requestRestore(object.location(), 2);
                details.put("restoreRequest", "requested (Standard tier, kept 2 days); read on a later run");
            } catch (ObjectStoreException e) {
                problems.add(Problem.error(Problem.Check.RESTORE, name, "cannot ask S3 to restore " + name + ": " + Causes.phrase(e)
                        + "; allow s3:RestoreObject on the bucket, or set restoreTest: read"));
            }
        }
        return new Report(name, 0, problems, details, false);
    }

    private void sidecar(BackupObject object, String suffix, List<ExpectedChecksum> expected, List<Problem> problems)
            throws IOException {
        String where = object.name() + suffix;
        try (InputStream in = store.open(object.location() + suffix)) {
            expected.add(ExpectedChecksum.ofHex(ChecksumAlgorithm.SHA256, Manifest.parseSidecar(in, where), "sidecar " + where));
        } catch (NoSuchObjectException gone) {
            // listed a moment ago; without it there is simply one expectation less
        } catch (ObjectStoreException e) {
            throw e;
        } catch (IOException unreadable) {
            problems.add(Problem.fail(Problem.Check.INTEGRITY, object.name(), Causes.phrase(unreadable)
                    + ": rewrite it with `sha256sum NAME > NAME.sha256`"));
        }
    }

    private void manifest(BackupObject object, List<ExpectedChecksum> expected, List<Problem> problems) throws IOException {
        String where = object.name() + Manifest.SUFFIX;
        try (InputStream in = store.open(object.location() + Manifest.SUFFIX)) {
            Manifest m = Manifest.read(in, where);
            expected.add(ExpectedChecksum.ofHex(ChecksumAlgorithm.SHA256, m.sha256(), "manifest " + where));
            if (m.size() != object.size()) {
                problems.add(Problem.fail(Problem.Check.INTEGRITY, object.name(), object.name() + " is " + object.size()
                        + " bytes but its manifest says " + m.size() + ": the object was replaced or cut after Patrol wrote it"));
            }
        } catch (NoSuchObjectException gone) {
            // as for the sidecar
        } catch (ObjectStoreException e) {
            throw e;
        } catch (IOException unreadable) {
            problems.add(Problem.fail(Problem.Check.INTEGRITY, object.name(), Causes.phrase(unreadable)));
        }
    }

    private static void restoreProblems(String name, RestoreOutcome restore, List<Problem> problems, Map<String, Object> details) {
        if (restore.ok()) {
            details.put("restore", restore.facts());
        } else if (restore.inconclusive()) {
            problems.add(Problem.error(Problem.Check.RESTORE, name, name + ": " + restore.message()));
        } else {
            details.put("restore", "broken");
            problems.add(Problem.fail(Problem.Check.RESTORE, name, name + " would not restore: " + restore.message()));
        }
    }

    private static void integrityProblems(String name, ChecksumSet checksums, List<ExpectedChecksum> expected,
                                          List<Problem> problems, Map<String, Object> details) {
        if (expected.isEmpty()) {
            details.put("checksums", "none to compare (add S3 checksums, a .sha256 sidecar or take snapshots with Patrol)");
            return;
        }
        Map<String, String> outcome = new LinkedHashMap<>();
        for (ChecksumSet.Verdict v : checksums.verdicts()) {
            String source = v.expected().source();
            if (v.skipped() != null) {
                outcome.put(source, "skipped: " + v.skipped());
            } else if (v.ok()) {
                outcome.put(source, "ok");
            } else {
                outcome.put(source, "mismatch");
                problems.add(mismatch(name, name, v));
            }
        }
        details.put("checksums", outcome);
    }

    /** {@code file} (the object, or a file in the folder backup {@code backup}) is not what its checksum says. */
    static Problem mismatch(String backup, String file, ChecksumSet.Verdict v) {
        return Problem.fail(Problem.Check.INTEGRITY, backup, file + " does not match its " + v.expected().algorithm()
                + " from " + v.expected().source() + " (expected " + shortHex(v.expected().hex()) + ", read " + shortHex(v.actualHex())
                + "): the bytes changed after the backup was written; restore from another backup and find what altered it");
    }

    private static String shortHex(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) + "…" : hex;
    }
}

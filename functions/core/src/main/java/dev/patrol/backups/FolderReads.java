package dev.patrol.backups;

import dev.patrol.backups.integrity.ChecksumSet;
import dev.patrol.backups.integrity.ExpectedChecksum;
import dev.patrol.backups.restore.FolderFiles;
import dev.patrol.storage.ObjectContent;
import dev.patrol.storage.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of one folder backup as the restore test reads them: each through a
 * {@link MeteredStream} (a dropped connection is the store's failure, not a broken file),
 * read to its end on close, and checked against the checksums the store keeps for it,
 * as a single-object backup is.
 */
final class FolderReads implements FolderFiles {
    /** One file read: what the store said of it, the sums recomputed from its bytes, how many bytes came. */
    private record Read(String name, long size, List<ExpectedChecksum> expected, ChecksumSet checksums, MeteredStream bytes) {}

    private final ObjectStore store;
    private final String folder;
    private final Instant deadline;
    private final Map<String, Read> reads = new LinkedHashMap<>();

    FolderReads(ObjectStore store, String folder, Instant deadline) {
        this.store = store;
        this.folder = folder;
        this.deadline = deadline;
    }

    @Override
    public InputStream open(String name) throws IOException {
        ObjectContent content = store.open(folder + name);
        List<ExpectedChecksum> expected = ExpectedChecksum.fromStore(content.info().checksums(), folder.startsWith("s3://") ? "S3" : "the store");
        ChecksumSet checksums = new ChecksumSet(expected, content.info().partSize());
        MeteredStream metered = new MeteredStream(content, checksums, folder + name, deadline);
        reads.put(name, new Read(name, content.info().size(), expected, checksums, metered));
        return new FilterInputStream(metered) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            // every byte is hashed, also those the restore test did not need
            @Override
            public void close() throws IOException {
                try {
                    metered.drain();
                } finally {
                    metered.close();
                }
            }
        };
    }

    /** Reads (for their checksums) the files the restore test left unopened: everything in a folder is part of the backup. */
    void readTheRest(List<String> names) throws IOException {
        for (String name : names) {
            if (!reads.containsKey(name)) open(name).close();
        }
    }

    long bytes() {
        return reads.values().stream().mapToLong(r -> r.bytes().count()).sum();
    }

    /** A file whose bytes do not match the store's checksum, or whose length changed while read, fails; each is named. */
    void integrityProblems(String backup, List<Problem> problems, Map<String, Object> details) {
        int checked = 0;
        for (Read r : reads.values()) {
            String file = backup + r.name();
            if (r.size() >= 0 && r.bytes().count() != r.size()) {
                problems.add(Problem.fail(Problem.Check.INTEGRITY, backup, file + ": read " + r.bytes().count()
                        + " bytes but the store says it has " + r.size() + "; the file changed while Patrol read it, or the store is broken"));
            }
            if (r.expected().isEmpty()) continue;
            for (ChecksumSet.Verdict v : r.checksums().verdicts()) {
                if (v.skipped() == null && !v.ok()) problems.add(BackupReader.mismatch(backup, file, v));
            }
            checked++;
        }
        if (!folder.startsWith("s3://")) {
            details.put("checksums", "none to compare: a local folder keeps no checksums");
        } else {
            details.put("checksums", "compared with S3's checksums: " + checked + " of " + reads.size() + " files"
                    + (checked == reads.size() ? "" : " (the others have none: upload with aws s3 sync --checksum-algorithm SHA256)"));
        }
    }
}

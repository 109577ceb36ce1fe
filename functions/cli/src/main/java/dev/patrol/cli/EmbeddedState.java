package dev.patrol.cli;

import dev.patrol.aws.DynamoDbStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * Embedded state: DynamoDB Local inside this process, its data in one SQLite file
 * ({@code STATE_DIR/dynamodb}). Every clean close leaves a copy beside it
 * ({@code dynamodb.last-good}).
 *
 * <p>State that existed and is now empty, cut short or unreadable is an error, never a
 * silent fresh start: a fresh start forgets open incidents and ignored findings, so it
 * would raise every DOWN and every ignored secret again. The message names the file and
 * the way back (the last good copy, or moving both files away to start afresh).
 */
final class EmbeddedState implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EmbeddedState.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path db;
    private final AmazonDynamoDBLocal embedded;
    private final DynamoDbStateStore store;

    private EmbeddedState(Path db, AmazonDynamoDBLocal embedded, DynamoDbStateStore store) {
        this.db = db;
        this.embedded = embedded;
        this.store = store;
    }

    /** Opens the state in {@code dir} (the caller holds its folder lock); damaged state is a {@link UserError} (exit 3). */
    static EmbeddedState open(Path dir, String table) {
        Path db = dir.resolve("dynamodb");
        Optional<String> damage = damage(db, lastGood(db));
        if (damage.isPresent()) throw damaged(db, damage.get());
        NativeSqlite.install();
        AmazonDynamoDBLocal embedded = null;
        try {
            embedded = DynamoDBEmbedded.create(db.toFile(), true);
            DynamoDbStateStore store = new DynamoDbStateStore(embedded.dynamoDbClient(), table);
            store.createTableIfMissing();
            return new EmbeddedState(db, embedded, store);
        } catch (RuntimeException e) {
            if (embedded != null) embedded.shutdown();
            log.debug("embedded state in {} did not open", db, e);
            // SQLite out of heap is the JVM's limit, not the file's damage: saying "damaged" would send people to move good state away.
            if (dev.patrol.text.ProblemWords.memoryExhausted(e) != null) throw e;
            throw damaged(db, "SQLite cannot read it (" + firstLine(e) + ")");
        }
    }

    DynamoDbStateStore store() {
        return store;
    }

    static Path lastGood(Path db) {
        return db.resolveSibling(db.getFileName() + ".last-good");
    }

    /**
     * What is wrong with the state file, if anything: gone or empty where a last good copy
     * says state existed, not an SQLite file, or shorter than its header says. A hot journal
     * beside it means a write was cut off: SQLite rolls it back on open, so the size may lie.
     */
    static Optional<String> damage(Path db, Path lastGood) {
        if (!Files.exists(db)) return Files.exists(lastGood) ? Optional.of("it is missing") : Optional.empty();
        try {
            long size = Files.size(db);
            if (!Files.isReadable(db)) return Optional.of("it cannot be read (check its owner and mode)");
            if (size == 0) return Optional.of("it is empty (0 bytes)");
            byte[] header = new byte[100];
            int n;
            try (InputStream in = Files.newInputStream(db)) {
                n = in.readNBytes(header, 0, header.length);
            }
            if (n < header.length || !java.util.Arrays.equals(header, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
                return Optional.of("it is not an SQLite database (" + size + " bytes)");
            }
            boolean journal = Files.exists(db.resolveSibling(db.getFileName() + "-journal"))
                    || Files.exists(db.resolveSibling(db.getFileName() + "-wal"));
            ByteBuffer h = ByteBuffer.wrap(header);
            int pageSize = Short.toUnsignedInt(h.getShort(16));
            long pageSize64 = pageSize == 1 ? 65_536 : pageSize;
            long pages = Integer.toUnsignedLong(h.getInt(28));
            boolean pagesValid = h.getInt(24) == h.getInt(92) && pages > 0;
            if (!journal && pagesValid && size < pages * pageSize64) {
                return Optional.of("it is cut short (" + size + " of " + pages * pageSize64 + " bytes)");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("it cannot be read (" + dev.patrol.text.ProblemWords.describe(e) + ")");
        }
    }

    private static UserError damaged(Path db, String what) {
        Path copy = lastGood(db);
        String way = Files.exists(copy)
                ? "restore the last good copy (" + describe(copy) + "): cp " + copy + " " + db + "; or start afresh, forgetting incidents and"
                        + " ignored findings: move " + db + " and " + copy + " away"
                : "restore it from a backup, or start afresh, forgetting incidents and ignored findings: move " + db + " away";
        return new UserError("state", ExitCodes.FAILURE, "the local state " + db + " is damaged: " + what
                + "; Patrol stopped rather than start afresh without a word. To recover, " + way);
    }

    private static String describe(Path copy) {
        try {
            return "saved " + Files.getLastModifiedTime(copy).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (IOException e) {
            return "date unknown";
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return dev.patrol.text.ProblemWords.describe(root);
    }

    /** Stops DynamoDB Local (SQLite closes the file), then keeps a copy of the state as it is now, whole. */
    @Override
    public void close() {
        embedded.shutdown();
        Path copy = lastGood(db);
        if (damage(db, copy).isPresent()) return;
        try {
            Path tmp = Files.createTempFile(db.getParent(), "." + db.getFileName(), ".last-good.part");
            try {
                Files.copy(db, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            log.warn("could not keep a copy of the local state beside {}: {}", db, dev.patrol.text.ProblemWords.describe(e));
        }
        log.debug("state copy kept at {} ({})", copy, Instant.now());
    }
}

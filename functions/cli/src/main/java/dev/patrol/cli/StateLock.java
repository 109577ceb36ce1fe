package dev.patrol.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Embedded state lives in one folder that only one process may open at a time
 * (DynamoDB Local keeps it in a SQLite file). The lock file says who holds it, so a
 * second command can tell the user what it is waiting for.
 */
final class StateLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits up to {@code wait} for the lock; empty if another process still holds it. */
    static Optional<StateLock> acquire(Path dir, String what, Duration wait) throws IOException {
        dev.patrol.state.PrivateFolder.create(dir);
        Path file = dir.resolve("lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Instant until = Instant.now().plus(wait);
        while (true) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l != null) {
                ch.truncate(0);
                ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", " + what + " since "
                        + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(false);
                return Optional.of(new StateLock(ch, l));
            }
            if (Instant.now().isAfter(until)) {
                ch.close();
                return Optional.empty();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ch.close();
                return Optional.empty();
            }
        }
    }

    static String holder(Path dir) {
        try {
            return Files.readString(dir.resolve("lock")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}

package dev.patrol.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProblemWordsTest {
    @TempDir
    Path dir;

    /** DynamoDB Local's LocalDBAccessException keeps the OutOfMemoryError's message and drops the error itself. */
    @Test
    void theJvmOutOfMemoryIsFoundByItsMessageWhenALibraryDroppedTheError() {
        assertThat(ProblemWords.memoryExhausted(new RuntimeException("Java heap space"))).isEqualTo("Java heap space");
        assertThat(ProblemWords.memoryExhausted(new IllegalStateException(new RuntimeException("java.lang.OutOfMemoryError: Metaspace"))))
                .isEqualTo("Metaspace");
        assertThat(ProblemWords.memoryExhausted(new RuntimeException("wrap", new OutOfMemoryError("GC overhead limit exceeded"))))
                .isEqualTo("GC overhead limit exceeded");
        assertThat(ProblemWords.memoryExhausted(new RuntimeException("the Java heap space report is late"))).isNull();
        assertThat(ProblemWords.memoryExhausted(new RuntimeException())).isNull();
    }

    @Test
    void aFailureIsSaidInWordsNeverByItsClassName() {
        IOException missing = assertThrowsIo(() -> Files.readString(dir.resolve("gone.txt")));
        assertThat(missing).isInstanceOf(NoSuchFileException.class);
        assertThat(ProblemWords.describe(missing)).isEqualTo("no such file or folder: " + dir.resolve("gone.txt"));
        assertThat(ProblemWords.describe(new NullPointerException())).isEqualTo("an unexpected problem with no description");
        assertThat(ProblemWords.describe(new IllegalStateException(new ConnectException()))).isEqualTo("connection refused: nothing listens there");
        assertThat(ProblemWords.describe(new IllegalArgumentException("bad cron\n  at line 3"))).isEqualTo("bad cron");
        assertThat(ProblemWords.describe(new RuntimeException("java.io.IOException: disk quota exceeded"))).isEqualTo("disk quota exceeded");
        assertThat(ProblemWords.describe(new StackOverflowError())).doesNotContain("StackOverflow").contains("ran out of stack");
    }

    private interface Io {
        void run() throws IOException;
    }

    private static IOException assertThrowsIo(Io io) {
        try {
            io.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("no exception");
    }
}

package dev.patrol.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Keeps libraries' own threads off the terminal: JGit's in-process transport prints a stack trace
 * to {@code System.err} from its "JGit-…" worker thread when the repository it serves is damaged,
 * while the clone itself fails with an exception that Patrol turns into one message. Writes from
 * such threads are dropped (PATROL_DEBUG=1 lets them through); Patrol's own threads write as usual.
 */
final class LibraryOutput {
    private LibraryOutput() {}

    static void keepOffStderr() {
        if (System.getenv("PATROL_DEBUG") != null) return;
        PrintStream err = System.err;
        System.setErr(new PrintStream(new FilterOutputStream(err) {
            @Override
            public void write(int b) throws IOException {
                if (ours()) out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (ours()) out.write(b, off, len);
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean ours() {
        return !Thread.currentThread().getName().startsWith("JGit-");
    }
}

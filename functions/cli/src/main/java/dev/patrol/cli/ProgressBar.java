package dev.patrol.cli;

import dev.patrol.pipeline.Progress;
import java.io.PrintStream;

/** A one-line progress bar on stderr, only when stderr is a terminal (never in CI logs or pipes). */
final class ProgressBar implements Progress {
    private final PrintStream err;
    private long lastDraw;

    private ProgressBar(PrintStream err) {
        this.err = err;
    }

    static Progress forTerminal() {
        return Terminal.isInteractive() && System.getenv("CI") == null ? new ProgressBar(System.err) : Progress.NONE;
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = System.nanoTime();
        boolean finished = total >= 0 && done >= total;
        if (!finished && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        StringBuilder line = new StringBuilder("\r").append(dev.patrol.text.ControlCharacters.escape(task)).append(' ');
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, done * width / total);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
                    .append(done).append('/').append(total);
        } else {
            line.append(done);
        }
        err.print(line.append("\u001b[K"));
        if (finished) err.println();
        err.flush();
    }
}

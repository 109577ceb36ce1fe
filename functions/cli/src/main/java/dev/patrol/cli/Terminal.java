package dev.patrol.cli;

import java.io.Console;

/** Whether a person is reading: standard output is a terminal, not a pipe, a file or cron's mail. */
final class Terminal {
    private Terminal() {}

    static boolean isInteractive() {
        Console c = System.console();
        if (c == null) return false;
        // From JDK 22 a console may exist while the streams are redirected; it then says so itself.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}

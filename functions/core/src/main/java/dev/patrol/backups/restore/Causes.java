package dev.patrol.backups.restore;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * What an exception from a library or the JDK means, in a person's words: its message
 * when it has one, else what its kind says. Many JDK exceptions carry no message
 * (a closed channel, an early end of file), and a class name means nothing to the
 * person who reads the alert; neither may reach a message.
 */
public final class Causes {
    private Causes() {}

    public static String phrase(Throwable e) {
        String m = e.getMessage();
        if (m != null && !m.isBlank() && !m.equals("null")) return m.lines().findFirst().orElse(m).strip().replaceAll("\\p{Cntrl}", "?");
        if (e instanceof ClosedChannelException) return "the stream was closed while it was being read";
        if (e instanceof SocketTimeoutException) return "the store stopped answering (timed out)";
        if (e instanceof InterruptedIOException) return "the read was interrupted";
        if (e instanceof EOFException) return "the data ends early";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "the file is gone";
        if (e instanceof OutOfMemoryError) return "not enough memory to read it";
        if (e.getCause() != null && e.getCause() != e) return phrase(e.getCause());
        return "an unexpected read error with no description";
    }
}

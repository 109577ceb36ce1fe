package dev.patrol.text;

import java.io.FileNotFoundException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.TimeoutException;

/**
 * What a failure was, in words a user reads: never a class name. Most exceptions carry
 * their own message, and that is what is said (its first line); those that carry none,
 * or only a path (the file-system ones), or only a host (an unknown host), are said by
 * what they mean. The one place every "could not …: WHY" of Patrol takes its WHY from,
 * so that no path of the CLI, an alert or a report prints {@code NullPointerException}
 * or {@code SocketTimeoutException} to a person.
 */
public final class ProblemWords {
    private ProblemWords() {}

    /** The first cause that is the JVM running out of memory, said as the JVM says it, even when a library caught it and kept only its message. */
    public static String memoryExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) return t.getMessage() == null ? "Java heap space" : t.getMessage();
            // DynamoDB Local catches the OutOfMemoryError and rethrows its message alone, without the cause.
            // Others wrap it as their message ("java.lang.OutOfMemoryError: Java heap space").
            String m = t.getMessage() == null ? "" : t.getMessage().strip();
            java.util.regex.Matcher oom = OUT_OF_MEMORY.matcher(m);
            if (oom.matches()) return oom.group(1);
        }
        return null;
    }

    /** The messages the JVM gives an OutOfMemoryError (HotSpot's wording). */
    private static final java.util.regex.Pattern OUT_OF_MEMORY = java.util.regex.Pattern.compile(
            "(?:java\\.lang\\.OutOfMemoryError: )?(Java heap space|GC overhead limit exceeded|Metaspace|Compressed class space|Requested array size exceeds VM limit"
                    + "|Direct buffer memory|unable to create native thread[^\\n]*|Cannot reserve \\d+ bytes of direct buffer memory[^\\n]*)");

    /** "java.io.IOException: " (and more of them) leading a message that quotes another exception. */
    private static final java.util.regex.Pattern CLASS_PREFIX = java.util.regex.Pattern.compile(
            "^(?:(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*|$))+");

    /** The failure in a user's words: its message's first line, or what its kind means when it has none that helps. */
    public static String describe(Throwable e) {
        if (e == null) return "an unknown problem";
        Throwable cause = e.getCause() == e ? null : e.getCause();
        // new X(cause) takes cause.toString() for its message: "java.net.ConnectException", a class name.
        if (cause != null && e.getMessage() != null && e.getMessage().equals(cause.toString())) return describe(cause);
        String m = e.getMessage() == null ? "" : CLASS_PREFIX.matcher(e.getMessage().lines().findFirst().orElse("").strip()).replaceFirst("");
        if (m.isEmpty() && cause != null && !(e instanceof VirtualMachineError)) {
            // A cause with no words either (the JDK HTTP client's ConnectException wraps a bare ClosedChannelException)
            // says less than this failure's own kind does.
            String inner = describe(cause);
            if (!inner.equals(NO_DESCRIPTION)) return inner;
        }
        return switch (e) {
            case NoSuchFileException f -> "no such file or folder: " + f.getFile();
            case AccessDeniedException f -> "permission denied: " + f.getFile();
            case FileAlreadyExistsException f -> "already exists: " + f.getFile();
            case DirectoryNotEmptyException f -> "the folder is not empty: " + f.getFile();
            case NotDirectoryException f -> "not a folder: " + f.getFile();
            case FileSystemException f -> (f.getReason() == null ? "the file system refused" : f.getReason()) + (f.getFile() == null ? "" : ": " + f.getFile());
            case FileNotFoundException f when !m.isEmpty() -> m;
            case UnknownHostException h -> "the host " + (m.isEmpty() ? "" : m + " ") + "does not resolve (check the name and the DNS)";
            case ConnectException c -> m.isEmpty() ? "connection refused: nothing listens there" : m;
            case NoRouteToHostException r -> "no route to the host" + (m.isEmpty() ? "" : " (" + m + ")");
            case SocketTimeoutException t -> "timed out" + (m.isEmpty() || m.equals("timed out") ? "" : " (" + m + ")");
            case InterruptedIOException i -> m.isEmpty() ? "interrupted" : m;
            case TimeoutException t -> m.isEmpty() ? "timed out" : m;
            case InterruptedException i -> "interrupted";
            case OutOfMemoryError o -> "ran out of memory" + (m.isEmpty() ? "" : " (" + m + ")");
            case StackOverflowError s -> "ran out of stack (a nesting too deep to follow)";
            default -> !m.isEmpty() ? m : NO_DESCRIPTION;
        };
    }

    private static final String NO_DESCRIPTION = "an unexpected problem with no description";
}

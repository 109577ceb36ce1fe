package dev.patrol.cli;

/**
 * A problem the user can fix, with its exit code; printed as one message, never a stack trace.
 * Its kind is the {@code error.kind} of the {@code --json} error document ({@link ErrorDocument}).
 */
final class UserError extends RuntimeException {
    private final String kind;
    private final int exitCode;

    /** A usage error (exit 2); anything else names its kind, so that scripts can tell state, lease, aws and output apart. */
    UserError(int exitCode, String message) {
        this(exitCode == ExitCodes.USAGE ? "usage" : "internal", exitCode, message);
    }

    UserError(String kind, int exitCode, String message) {
        super(message);
        this.kind = kind;
        this.exitCode = exitCode;
    }

    String kind() {
        return kind;
    }

    int exitCode() {
        return exitCode;
    }
}

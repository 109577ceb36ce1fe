package dev.patrol.cli;

/**
 * A problem the user can fix, with its exit code; printed as one message, never a stack trace.
 * Its kind is the {@code error.kind} of the {@code --json} error document ({@link ErrorDocument}).
 */
final class UserError extends RuntimeException {
    private final String kind;
    private final int exitCode;

    /**
     * A usage error (exit 2). Anything else names its kind, so that scripts can tell state, lease, aws, repo and
     * output apart: a problem the user can fix is never {@code internal}, which says "a bug in Patrol".
     */
    UserError(int exitCode, String message) {
        this("usage", exitCode, message);
        if (exitCode != ExitCodes.USAGE) throw new IllegalArgumentException("a user error of exit " + exitCode + " names its kind");
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

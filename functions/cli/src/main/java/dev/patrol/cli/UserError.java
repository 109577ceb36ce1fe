package dev.patrol.cli;

/** A problem the user can fix, with its exit code; printed as one message, never a stack trace. */
final class UserError extends RuntimeException {
    private final int exitCode;

    UserError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}

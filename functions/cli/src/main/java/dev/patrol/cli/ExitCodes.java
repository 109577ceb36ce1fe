package dev.patrol.cli;

/** CONTRACT exit codes. */
final class ExitCodes {
    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;
    static final int FAILURE = 3;

    private ExitCodes() {}
}

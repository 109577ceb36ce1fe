package dev.patrol.cli;

/** Commands of the contract whose job has not landed in this build say so plainly (exit 2). */
final class NotYet {
    private NotYet() {}

    static UserError command(String what) {
        return new UserError(ExitCodes.USAGE, what + " is not available in this build of Patrol yet");
    }
}

package dev.patrol.cli;

/** Readable log lines on stderr for people at a terminal; warnings and errors only unless PATROL_LOG says otherwise. */
final class Logging {
    private Logging() {}

    static void configureForCli() {
        String level = System.getenv().getOrDefault("PATROL_LOG", "warn");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        if (level.equalsIgnoreCase("warn") || level.equalsIgnoreCase("error") || level.equalsIgnoreCase("off")) {
            // A warning a person reads reads like Patrol's other messages ("patrol: warning: …"), with no class name in it.
            System.setProperty("org.slf4j.simpleLogger.showShortLogName", "false");
            System.setProperty("org.slf4j.simpleLogger.showLogName", "false");
            System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "false");
            System.setProperty("org.slf4j.simpleLogger.warnLevelString", "patrol: warning:");
        } else {
            // PATROL_LOG=info or debug: for finding out what Patrol did, where the logger's name helps.
            System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
            System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        }
        // DynamoDB Local logs through log4j2; that is not for users.
        System.setProperty("log4j2.level", "ERROR");
        System.setProperty("org.apache.logging.log4j.level", "ERROR");
    }

    /**
     * Quiets java.util.logging, through which sqlite4java (under DynamoDB Local) logs.
     * Called when embedded state opens rather than at start: setting up
     * java.util.logging costs ~50 ms of CPU, and a command without state never needs it.
     */
    static void quietJavaUtilLogging() {
        // Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its settings.
        // DynamoDB Local sets sqlite4java's level back to WARNING when it starts, so its stack traces
        // (a damaged state file) reached the terminal: cut the logger off from the console instead.
        QUIETED[0] = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");
        QUIETED[0].setLevel(java.util.logging.Level.OFF);
        QUIETED[0].setUseParentHandlers(false);
        QUIETED[1] = java.util.logging.Logger.getLogger("");
        QUIETED[1].setLevel(java.util.logging.Level.SEVERE);
    }

    private static final java.util.logging.Logger[] QUIETED = new java.util.logging.Logger[2];
}

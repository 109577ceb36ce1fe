package dev.patrol.cli;

/** Readable log lines on stderr for people at a terminal; warnings and errors only unless PATROL_LOG says otherwise. */
final class Logging {
    private Logging() {}

    static void configureForCli() {
        String level = System.getenv().getOrDefault("PATROL_LOG", "warn");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
        // DynamoDB Local logs through log4j2 and sqlite4java through java.util.logging; neither is for users.
        System.setProperty("log4j2.level", "ERROR");
        System.setProperty("org.apache.logging.log4j.level", "ERROR");
        java.util.logging.Logger.getLogger("com.almworks.sqlite4java").setLevel(java.util.logging.Level.OFF);
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
    }
}

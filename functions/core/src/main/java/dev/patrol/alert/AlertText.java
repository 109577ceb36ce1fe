package dev.patrol.alert;

/** Titles the way people scan them in a channel: the word first, then what and where. */
public final class AlertText {
    private AlertText() {}

    public static String title(String project, String job, String target, Transition transition) {
        return "[" + project + "] " + transition.word() + ": " + target + " (" + job + ")";
    }
}

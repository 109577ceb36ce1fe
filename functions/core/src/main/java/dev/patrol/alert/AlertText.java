package dev.patrol.alert;

/** Titles the way people scan them in a channel: the word first, then what and where. */
public final class AlertText {
    private AlertText() {}

    public static String title(String project, String job, String target, Transition transition) {
        if (transition == Transition.DIGEST) return "[" + project + "] Daily digest " + target;
        return "[" + project + "] " + transition.word() + ": " + target + " (" + job + ")";
    }

    /** "8 h 12 min", "45 min", "2 d 3 h": how people say how long something has been down or open. */
    public static String duration(java.time.Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        if (hours > 0) return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        return Math.max(1, minutes) + " min";
    }
}

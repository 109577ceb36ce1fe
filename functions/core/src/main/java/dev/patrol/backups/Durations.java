package dev.patrol.backups;

import java.time.Duration;

/** Durations as patrol.yml writes them and people read them: 90d, 26h, 5m, 30s, 2d 3h. */
final class Durations {
    private Durations() {}

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        if (days > 0) return days + "d" + (hours > 0 ? " " + hours + "h" : "");
        if (hours > 0) return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        if (minutes > 0) return minutes + "m";
        return s + "s";
    }
}

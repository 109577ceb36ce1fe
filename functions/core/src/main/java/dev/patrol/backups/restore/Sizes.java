package dev.patrol.backups.restore;

import java.util.Locale;

/** Byte counts as people read them in messages: 512 B, 1.5 KB, 20.0 MB (1 KB = 1024 B, as in patrol.yml). */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

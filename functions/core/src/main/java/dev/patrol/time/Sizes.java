package dev.patrol.time;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them: {@code 512B 1KB 10MB 2GB} (binary multiples: 1KB = 1024 bytes). */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB)?");

    private Sizes() {}

    public static OptionalLong parse(String text) {
        if (text == null) return OptionalLong.empty();
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) return OptionalLong.empty();
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long mult = switch (unit.charAt(0)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1L;
        };
        double bytes = n * mult;
        if (bytes > Long.MAX_VALUE || (unit.equals("B") && n != Math.floor(n))) return OptionalLong.empty();
        return OptionalLong.of((long) bytes);
    }

    public static String format(long bytes) {
        if (bytes < 1024) return bytes + "B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return (v >= 100 || v == Math.floor(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v)) + units[i];
    }
}

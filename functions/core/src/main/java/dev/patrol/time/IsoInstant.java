package dev.patrol.time;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@link Instant#parse} for the one form state holds, {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (what
 * {@code Instant.toString()} and the sortable keys write), without the formatter's general machinery:
 * a report parses thousands of these (transitions, run records) at a tenth of the cost. Anything
 * else (offsets, a leap second, a malformed text) goes through {@link Instant#parse}, which reads
 * or rejects it as before.
 */
public final class IsoInstant {
    private IsoInstant() {}

    public static Instant parse(String text) {
        int n = text.length();
        if (n >= 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':'
                && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z') {
            int year = digits(text, 0, 4), month = digits(text, 5, 7), day = digits(text, 8, 10);
            int hour = digits(text, 11, 13), minute = digits(text, 14, 16), second = digits(text, 17, 19);
            int nanos = fraction(text, 19, n - 1);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
                    && second >= 0 && second < 60 && nanos >= 0 && day <= LocalDate.of(year, month, 1).lengthOfMonth()) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number in {@code [from, to)}; -1 when it is not all ASCII digits. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Nanoseconds of an empty fraction or {@code .d…} of 1 to 9 digits in {@code [from, to)}; -1 otherwise. */
    private static int fraction(String s, int from, int to) {
        if (from == to) return 0;
        if (s.charAt(from) != '.' || to - from < 2 || to - from > 10) return -1;
        int v = digits(s, from + 1, to);
        if (v < 0) return -1;
        for (int i = to - from - 1; i < 9; i++) v *= 10;
        return v;
    }
}

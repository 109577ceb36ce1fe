package dev.patrol.report.digest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as a person reads them in the morning: "Fri 4 Dec 2026, 07:02 UTC", or "07:02 UTC" on the report's own day.
 * Patrol's days are UTC days (the digest's, the tallies'), so the zone is always said rather than guessed.
 */
public final class ReadableTime {
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("EEE d MMM uuuu, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ReadableTime() {}

    /** "Fri 4 Dec 2026, 07:02 UTC". */
    public static String full(Instant t) {
        return FULL.format(t);
    }

    /** "4 Dec 2026". */
    public static String day(Instant t) {
        return DAY.format(t);
    }

    /** "07:02 UTC" when {@code t} is on the same UTC day as {@code now}, else "3 Dec 07:02 UTC". */
    public static String near(Instant t, Instant now) {
        boolean today = t.atZone(ZoneOffset.UTC).toLocalDate().equals(now.atZone(ZoneOffset.UTC).toLocalDate());
        return (today ? CLOCK : SHORT).format(t);
    }
}

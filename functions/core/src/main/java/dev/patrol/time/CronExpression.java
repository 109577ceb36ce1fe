package dev.patrol.time;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A standard 5-field cron expression ({@code minute hour day-of-month month day-of-week})
 * with lists, ranges, steps, month and day names, {@code 7} as Sunday and the
 * {@code @daily}-style shortcuts. As in Vixie cron, when both day fields are
 * restricted a day matches if either does.
 *
 * <p>Written here rather than taken from a library because what matters for
 * heartbeats is how scheduled wall-clock times map to instants across daylight-
 * saving changes (Healthchecks.io wrote its own, cronsim, for the same reason):
 * a time skipped by a spring-forward change is expected at the moment of the
 * change (when cron runs skipped jobs), and a time repeated by a fall-back change
 * is expected once, at its first occurrence. Neither causes a false alarm.
 */
public final class CronExpression {
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Far enough back to find any valid schedule (Feb 29 on a Monday recurs within 28 years). */
    private static final int MAX_DAYS_BACK = 366 * 29;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet dom, BitSet months, BitSet dow,
                           boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = dom;
        this.months = months;
        this.daysOfWeek = dow;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /** Parses an expression or throws {@link IllegalArgumentException} saying which field is wrong and why. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("is empty; expected 5 fields like \"0 9 * * MON-FRI\"");
        String expr = switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "@yearly", "@annually" -> "0 0 1 1 *";
            case "@monthly" -> "0 0 1 * *";
            case "@weekly" -> "0 0 * * 0";
            case "@daily", "@midnight" -> "0 0 * * *";
            case "@hourly" -> "0 * * * *";
            default -> text.trim();
        };
        String[] f = expr.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("has " + f.length + " field" + (f.length == 1 ? "" : "s")
                    + "; expected 5 (minute hour day-of-month month day-of-week), like \"0 9 * * MON-FRI\"");
        }
        BitSet min = field(f[0], "minute", 0, 59, List.of(), 0);
        BitSet hour = field(f[1], "hour", 0, 23, List.of(), 0);
        BitSet dom = field(f[2], "day-of-month", 1, 31, List.of(), 0);
        BitSet mon = field(f[3], "month", 1, 12, MONTHS, 1);
        BitSet dow = field(f[4], "day-of-week", 0, 7, DAYS, 0);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        return new CronExpression(text.trim(), min, hour, dom, mon, dow, !f[2].startsWith("*"), !f[4].startsWith("*"));
    }

    private static BitSet field(String spec, String name, int min, int max, List<String> names, int nameBase) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",", -1)) {
            if (part.isEmpty()) throw new IllegalArgumentException(name + " field \"" + spec + "\" has an empty list item");
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), name, spec, List.of(), 0);
                if (step <= 0) throw new IllegalArgumentException(name + " field \"" + spec + "\" has step 0");
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = max == 7 ? 6 : max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) throw new IllegalArgumentException(name + " field \"" + spec + "\" has a bad range \"" + range + "\"");
                lo = number(ends[0], name, spec, names, nameBase);
                hi = number(ends[1], name, spec, names, nameBase);
            } else {
                lo = number(range, name, spec, names, nameBase);
                hi = slash >= 0 ? (max == 7 ? 6 : max) : lo;
            }
            if (lo < min || hi > max || lo > hi) {
                throw new IllegalArgumentException(name + " field \"" + spec + "\" is out of range: " + name
                        + " must be " + min + "-" + max + (names.isEmpty() ? "" : " or " + names.getFirst() + "-" + names.getLast())
                        + (lo > hi ? " with the smaller value first" : ""));
            }
            for (int v = lo; v <= hi; v += step) bits.set(v);
        }
        return bits;
    }

    private static int number(String s, String name, String spec, List<String> names, int nameBase) {
        int idx = names.indexOf(s.toUpperCase(Locale.ROOT));
        if (idx >= 0) return idx + nameBase;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " field \"" + spec + "\" has \"" + s + "\", which is not a number"
                    + (names.isEmpty() ? "" : " or a name (" + String.join(",", names) + ")"));
        }
    }

    /**
     * The latest scheduled instant at or before {@code at}, in {@code zone}. Empty only
     * for schedules that never fire (e.g. February 30th).
     */
    public Optional<Instant> previousFire(Instant at, ZoneId zone) {
        LocalDateTime now = LocalDateTime.ofInstant(at, zone);
        LocalDate day = now.toLocalDate();
        for (int back = 0; back <= MAX_DAYS_BACK; back++, day = day.minusDays(1)) {
            if (!dayMatches(day)) continue;
            // Try this day's matching times from the latest down, keeping the first that resolves at or before `at`.
            // Today is not cut at the wall-clock time of `at`: in a repeated (fall-back) hour, 01:45 of the first
            // pass has already happened when the clock shows 01:30 the second time.
            for (int m = 24 * 60 - 1; m >= 0; m--) {
                if (!hours.get(m / 60)) {
                    m = (m / 60) * 60; // skip the rest of this hour
                    continue;
                }
                if (!minutes.get(m % 60)) continue;
                Instant fire = resolve(LocalDateTime.of(day, LocalTime.of(m / 60, m % 60)), zone);
                if (!fire.isAfter(at)) return Optional.of(fire);
            }
        }
        return Optional.empty();
    }

    /** The next scheduled instant strictly after {@code after}, in {@code zone}. */
    public Optional<Instant> nextFire(Instant after, ZoneId zone) {
        LocalDateTime start = LocalDateTime.ofInstant(after, zone);
        LocalDate day = start.toLocalDate();
        for (int fwd = 0; fwd <= MAX_DAYS_BACK; fwd++, day = day.plusDays(1)) {
            if (!dayMatches(day)) continue;
            int from = fwd == 0 ? start.getHour() * 60 + start.getMinute() : 0;
            for (int m = from; m < 24 * 60; m++) {
                if (!hours.get(m / 60)) {
                    m = (m / 60) * 60 + 59;
                    continue;
                }
                if (!minutes.get(m % 60)) continue;
                Instant fire = resolve(LocalDateTime.of(day, LocalTime.of(m / 60, m % 60)), zone);
                if (fire.isAfter(after)) return Optional.of(fire);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDate d) {
        if (!months.get(d.getMonthValue())) return false;
        boolean dom = daysOfMonth.get(d.getDayOfMonth());
        boolean dow = daysOfWeek.get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
        if (domRestricted && dowRestricted) return dom || dow;
        if (domRestricted) return dom;
        if (dowRestricted) return dow;
        return true;
    }

    /** Wall-clock time to instant: skipped times at the moment of the change, repeated times at their first occurrence. */
    private static Instant resolve(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition gap = zone.getRules().getTransition(local);
        if (gap != null && gap.isGap()) return gap.getInstant();
        return ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap().toInstant();
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}

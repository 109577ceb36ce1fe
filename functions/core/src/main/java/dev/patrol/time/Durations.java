package dev.patrol.time;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in patrol.yml: {@code 500ms 30s 5m 26h 90d 2w}, also combined ({@code 1h30m}). */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w))+");

    private Durations() {}

    public static Optional<Duration> parse(String text) {
        if (text == null) return Optional.empty();
        String t = text.trim();
        if (!WHOLE.matcher(t).matches()) return Optional.empty();
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(Math.multiplyExact(n, 7));
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(total);
    }

    /** The shortest way to write {@code d} back in the same notation (for messages): 26h, 1d2h, 750ms. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        StringBuilder b = new StringBuilder();
        if (d.isNegative()) {
            b.append('-');
            d = d.negated();
        }
        if (d.compareTo(Duration.ofHours(72)) < 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toMillisPart() == 0 && d.toHours() > 0) {
            return b.append(d.toHours()).append('h').toString();
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        long seconds = d.toSecondsPart();
        long millis = d.toMillisPart();
        if (days > 0) b.append(days).append('d');
        if (hours > 0) b.append(hours).append('h');
        if (minutes > 0 && days == 0) b.append(minutes).append('m');
        if (seconds > 0 && days == 0 && hours == 0) b.append(seconds).append('s');
        if (millis > 0 && days == 0 && hours == 0 && minutes == 0) b.append(millis).append("ms");
        return b.length() == 0 || b.toString().equals("-") ? d.toMillis() + "ms" : b.toString();
    }
}

package dev.patrol.backups;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a backup object with its date in it: {@code pipeline_{yyyyMMdd}.csv.gz},
 * {@code db/{yyyy}/{MM}/{dd}/dump-{HHmm}.sql.zst}. Inside braces, letters are date
 * fields as in {@link java.time.format.DateTimeFormatter} ({@code yyyy MM dd HH mm ss},
 * two-digit {@code yy} means 20yy, {@code Q} or {@code QQ} the quarter: 3 or 03) and
 * anything else is literal ({@code {yyyy-MM-dd}}).
 * Outside braces, {@code *} matches any run of characters except {@code /}.
 * Dates in names are UTC.
 */
public final class BackupPattern {

    /** Date fields, finest last; each knows the period it names. */
    enum Field {
        YEAR('y', ChronoUnit.YEARS), QUARTER('Q', ChronoUnit.MONTHS), MONTH('M', ChronoUnit.MONTHS), DAY('d', ChronoUnit.DAYS),
        HOUR('H', ChronoUnit.HOURS), MINUTE('m', ChronoUnit.MINUTES), SECOND('s', ChronoUnit.SECONDS);

        final char letter;
        final ChronoUnit unit;

        Field(char letter, ChronoUnit unit) {
            this.letter = letter;
            this.unit = unit;
        }

        static Optional<Field> of(char c) {
            for (Field f : values()) if (f.letter == c) return Optional.of(f);
            return Optional.empty();
        }
    }

    private record Part(String literal, Field field, int width) {
        boolean isField() {
            return field != null;
        }
    }

    private final String text;
    private final List<Part> parts;
    private final Pattern regex;
    private final Field finest;

    private BackupPattern(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
        StringBuilder re = new StringBuilder();
        Field fin = null;
        for (Part p : parts) {
            if (p.isField()) {
                re.append("(\\d{").append(p.width).append("})");
                if (fin == null || p.field.ordinal() > fin.ordinal()) fin = p.field;
            } else if (p.literal.equals("*")) {
                re.append("[^/]*");
            } else {
                re.append(Pattern.quote(p.literal));
            }
        }
        this.regex = Pattern.compile(re.toString());
        this.finest = fin;
    }

    /** Parses a pattern; a pattern with no date field, unbalanced braces or unknown letters is an error. */
    public static BackupPattern parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) throw new IllegalArgumentException("pattern " + text + ": '{' at " + i + " is never closed");
                flush(literal, parts);
                token(text, text.substring(i + 1, close), parts);
                i = close;
            } else if (c == '}') {
                throw new IllegalArgumentException("pattern " + text + ": '}' at " + i + " has no '{'");
            } else if (c == '*') {
                flush(literal, parts);
                parts.add(new Part("*", null, 0));
            } else {
                literal.append(c);
            }
        }
        flush(literal, parts);
        if (parts.stream().noneMatch(Part::isField)) {
            throw new IllegalArgumentException("pattern " + text + " has no date in braces, e.g. pipeline_{yyyyMMdd}.csv.gz");
        }
        return new BackupPattern(text, parts);
    }

    private static void token(String text, String token, List<Part> parts) {
        StringBuilder literal = new StringBuilder();
        for (int j = 0; j < token.length(); ) {
            char c = token.charAt(j);
            if (Character.isLetter(c)) {
                Field field = Field.of(c).orElseThrow(() -> new IllegalArgumentException(
                        "pattern " + text + ": '" + c + "' in {" + token + "} is not a date field (use yyyy QQ MM dd HH mm ss)"));
                int end = j;
                while (end < token.length() && token.charAt(end) == c) end++;
                int width = end - j;
                boolean fits = switch (field) {
                    case YEAR -> width == 2 || width == 4;
                    case QUARTER -> width == 1 || width == 2;
                    default -> width == 2;
                };
                if (!fits) {
                    throw new IllegalArgumentException("pattern " + text + ": {" + token + "} has " + width + " '" + c + "'; use "
                            + (field == Field.YEAR ? "yyyy or yy" : field == Field.QUARTER ? "Q or QQ" : String.valueOf(c).repeat(2)));
                }
                flush(literal, parts);
                parts.add(new Part(null, field, width));
                j = end;
            } else {
                literal.append(c);
                j++;
            }
        }
        flush(literal, parts);
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), null, 0));
            literal.setLength(0);
        }
    }

    /** The text of the pattern as configured. */
    public String text() {
        return text;
    }

    /** Ends in {@code /}: each backup is a folder of objects ({@code pg_dump -Fd} synced to a prefix), not one object. */
    public boolean folder() {
        return text.endsWith("/");
    }

    /** The literal start of every matching name, to narrow a listing ({@code pipeline_} for {@code pipeline_{yyyyMMdd}.csv}). */
    public String literalPrefix() {
        Part first = parts.get(0);
        return first.isField() || first.literal.equals("*") ? "" : first.literal;
    }

    /** The length of the period one name stands for: a day for {@code {yyyyMMdd}}, a minute for {@code {HHmm}}. */
    public Duration granularity() {
        return switch (finest) {
            case YEAR -> Duration.ofDays(365);
            case QUARTER -> Duration.ofDays(90);
            case MONTH -> Duration.ofDays(28);
            default -> finest.unit.getDuration();
        };
    }

    /** The period one name stands for, in words: year, quarter, month, day, hour, minute, second. */
    public String periodName() {
        return finest.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The instant (UTC) named by {@code name}, or empty when the name does not match or names no real date. */
    public Optional<Instant> match(String name) {
        Matcher m = regex.matcher(name);
        if (!m.matches()) return Optional.empty();
        Map<Field, Integer> values = new EnumMap<>(Field.class);
        int group = 1;
        for (Part p : parts) {
            if (!p.isField()) continue;
            int v = Integer.parseInt(m.group(group++));
            if (p.field == Field.YEAR && p.width == 2) v += 2000;
            if (p.field == Field.QUARTER && (v < 1 || v > 4)) return Optional.empty();
            Integer previous = values.putIfAbsent(p.field, v);
            if (previous != null && previous != v) return Optional.empty(); // {yyyy}/{yyyyMMdd} must agree
        }
        Integer quarter = values.get(Field.QUARTER);
        Integer month = values.get(Field.MONTH);
        if (quarter != null && month != null && (month - 1) / 3 + 1 != quarter) return Optional.empty(); // {yyyyQQ}/{MM} must agree
        if (quarter != null && month == null) values.put(Field.MONTH, (quarter - 1) * 3 + 1);
        try {
            LocalDateTime t = LocalDateTime.of(values.getOrDefault(Field.YEAR, 1970), values.getOrDefault(Field.MONTH, 1),
                    values.getOrDefault(Field.DAY, 1), values.getOrDefault(Field.HOUR, 0),
                    values.getOrDefault(Field.MINUTE, 0), values.getOrDefault(Field.SECOND, 0));
            return Optional.of(t.toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty(); // 20261131 looks like a date but is none: not one of ours
        }
    }

    /** The name for the period containing {@code when} (UTC): what a snapshot taken now is called. */
    public String format(Instant when) {
        LocalDateTime t = LocalDateTime.ofInstant(when, ZoneOffset.UTC);
        StringBuilder name = new StringBuilder();
        for (Part p : parts) {
            if (!p.isField()) {
                if (p.literal.equals("*")) throw new IllegalStateException("pattern " + text + " has '*': Patrol cannot name a snapshot with it");
                name.append(p.literal);
                continue;
            }
            int v = switch (p.field) {
                case YEAR -> p.width == 2 ? t.getYear() % 100 : t.getYear();
                case QUARTER -> (t.getMonthValue() - 1) / 3 + 1;
                case MONTH -> t.getMonthValue();
                case DAY -> t.getDayOfMonth();
                case HOUR -> t.getHour();
                case MINUTE -> t.getMinute();
                case SECOND -> t.getSecond();
            };
            name.append(String.format("%0" + p.width + "d", v));
        }
        return name.toString();
    }

    /** How a period of this pattern is written in messages: 2026-11-21, 2026-11-21 14:00, 2026-11, 2026-Q4. */
    public String label(Instant when) {
        String iso = LocalDateTime.ofInstant(when, ZoneOffset.UTC).toString();
        return switch (finest) {
            case YEAR -> iso.substring(0, 4);
            case QUARTER -> iso.substring(0, 4) + "-Q" + ((LocalDateTime.ofInstant(when, ZoneOffset.UTC).getMonthValue() - 1) / 3 + 1);
            case MONTH -> iso.substring(0, 7);
            case DAY -> iso.substring(0, 10);
            case HOUR, MINUTE -> iso.substring(0, 10) + " " + iso.substring(11, 16);
            case SECOND -> iso.substring(0, 10) + " " + iso.substring(11, Math.min(iso.length(), 19));
        };
    }

    @Override
    public String toString() {
        return text;
    }
}

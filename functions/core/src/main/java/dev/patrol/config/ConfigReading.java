package dev.patrol.config;

import dev.patrol.alert.Severity;
import dev.patrol.time.CronExpression;
import dev.patrol.time.Durations;
import dev.patrol.time.Sizes;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One pass over one config file: typed value readers that collect every error with its place. */
final class ConfigReading {
    private final String file;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigReading(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    List<ConfigError> errors() {
        return errors;
    }

    void error(int line, String path, String message) {
        errors.add(new ConfigError(file, line, path, message));
    }

    Duration duration(Node n, String key, Duration fallback) {
        String raw = n.text(key);
        if (raw == null) return fallback;
        return Durations.parse(raw).filter(d -> !d.isNegative()).orElseGet(() -> {
            n.error(key, "\"" + raw + "\" is not a duration; write a number and a unit: 500ms, 30s, 5m, 26h, 90d");
            return fallback;
        });
    }

    Duration positiveDuration(Node n, String key, Duration fallback) {
        Duration d = duration(n, key, fallback);
        if (d != null && d.isZero() && n.has(key)) {
            n.error(key, "must be longer than 0");
            return fallback;
        }
        return d;
    }

    long size(Node n, String key, long fallback) {
        String raw = n.text(key);
        if (raw == null) return fallback;
        return Sizes.parse(raw).orElseGet(() -> {
            n.error(key, "\"" + raw + "\" is not a size; write a number and a unit: 512B, 1KB, 10MB, 2GB");
            return fallback;
        });
    }

    Severity severity(Node n, String key, Severity fallback) {
        String raw = n.text(key);
        if (raw == null) return fallback;
        return Severity.parse(raw).orElseGet(() -> {
            n.error(key, "\"" + raw + "\" is not a severity; use P0 (critical), P1 (high), P2 (medium) or P3 (low)");
            return fallback;
        });
    }

    int positiveInt(Node n, String key, int fallback) {
        String raw = n.text(key);
        if (raw == null) return fallback;
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= 1) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        n.error(key, "\"" + raw + "\" must be a whole number of 1 or more");
        return fallback;
    }

    boolean bool(Node n, String key, boolean fallback) {
        String raw = n.text(key);
        if (raw == null) return fallback;
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                n.error(key, "\"" + raw + "\" must be true or false");
                yield fallback;
            }
        };
    }

    /** {@code every 1h}, Healthchecks.io's simple schedule; null when the value is a cron expression. */
    Duration period(Node n, String key) {
        String raw = n.text(key);
        if (raw == null || !raw.trim().startsWith("every")) return null;
        String period = raw.trim().substring("every".length()).trim();
        Optional<Duration> d = Durations.parse(period).filter(p -> !p.isNegative() && p.compareTo(Duration.ofMinutes(1)) >= 0);
        if (d.isEmpty()) {
            n.error(key, "\"" + raw + "\" is not a period; write \"every\" and a duration of 1m or more, like \"every 1h\", or a 5-field cron expression");
            return Duration.ofHours(1);
        }
        return d.get();
    }

    CronExpression cron(Node n, String key) {
        String raw = n.requiredText(key, "\"0 9 * * MON-FRI\"");
        if (raw == null) return null;
        try {
            return CronExpression.parse(raw);
        } catch (IllegalArgumentException e) {
            n.error(key, "\"" + raw + "\" " + e.getMessage());
            return null;
        }
    }

    /** Keys every target may carry to shape its alerts (see {@link AlertPolicy}). */
    static final java.util.Set<String> POLICY_KEYS = java.util.Set.of("remindEvery", "maxReminders", "escalateAfter", "owner");

    private final Map<String, AlertPolicy> policies = new java.util.LinkedHashMap<>();

    /** The allowed keys of a target section plus the alert-shaping ones. */
    static java.util.Set<String> target(java.util.Set<String> keys) {
        java.util.Set<String> all = new java.util.HashSet<>(keys);
        all.addAll(POLICY_KEYS);
        return all;
    }

    AlertPolicy policy(Node n) {
        Duration remind = positiveDuration(n, "remindEvery", null);
        int max = n.has("maxReminders") ? positiveInt(n, "maxReminders", 1) : 0;
        Duration escalate = positiveDuration(n, "escalateAfter", null);
        String owner = n.text("owner");
        return new AlertPolicy(remind, max, escalate, owner == null || owner.isBlank() ? null : owner.trim());
    }

    /** Reads a target's alert-shaping keys and remembers them under "job/name". */
    void policyOf(Node n, String job, String name) {
        AlertPolicy p = policy(n);
        if (name != null && !p.equals(AlertPolicy.NONE)) policies.put(job + "/" + name, p);
    }

    Map<String, AlertPolicy> policies() {
        return policies;
    }

    ZoneId zone(Node n, String key) {
        String raw = n.text(key);
        if (raw == null) return ZoneId.of("UTC");
        try {
            return ZoneId.of(raw.trim());
        } catch (DateTimeException e) {
            n.error(key, "\"" + raw + "\" is not a time zone; use an IANA name such as America/Chicago, Europe/Berlin or UTC");
            return ZoneId.of("UTC");
        }
    }

    /** Names must be unique within a job: alerts, state and --target all address targets by name. */
    final class Names {
        private final Map<String, Integer> seen = new HashMap<>();
        private final String what;

        Names(String what) {
            this.what = what;
        }

        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

        String claim(Node n) {
            String name = n.requiredText("name", "backend");
            if (name == null) return null;
            if (!NAME.matcher(name).matches()) {
                n.error("name", "\"" + name + "\" must be 1-100 letters, digits, '.', '_' or '-' (it names state items and alerts)");
            }
            Integer first = seen.putIfAbsent(name, n.lineOf("name"));
            if (first != null) {
                n.error("name", "\"" + name + "\" is used twice among " + what + " (first on line " + first + "); names must be unique");
            }
            return name;
        }

        /** A name the entry did not give but its {@code key} implies (an organisation's last path segment). */
        String claimDerived(Node n, String key, String derived) {
            if (derived == null) return null;
            if (!derived.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
                n.error(key, "\"" + derived + "\" cannot name the entry; add name: with 1-100 letters, digits, '.', '_' or '-'");
            }
            Integer first = seen.putIfAbsent(derived, n.lineOf(key));
            if (first != null) {
                n.error(key, "names the entry \"" + derived + "\", which is used twice among " + what + " (first on line " + first
                        + "); add name: to tell them apart");
            }
            return derived;
        }
    }
}

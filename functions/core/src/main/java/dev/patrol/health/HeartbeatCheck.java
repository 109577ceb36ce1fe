package dev.patrol.health;

import dev.patrol.config.HealthConfig.Heartbeat;
import dev.patrol.pipeline.Observation;
import dev.patrol.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A cron job pings Patrol when it runs. It is DOWN when the latest expected run
 * (its schedule in its time zone, plus grace) has no successful ping after it,
 * when its last ping said it failed, or when it started and did not finish within
 * the grace. Runs expected before Patrol first watched the heartbeat do not count.
 */
public final class HeartbeatCheck {
    /** A ping may arrive a little before its scheduled minute when clocks disagree. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    private HeartbeatCheck() {}

    public static Observation evaluate(Heartbeat hb, Pings.Latest pings, Instant registered, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("schedule", hb.scheduleText());
        details.put("timezone", hb.timezone().getId());
        put(details, "lastSuccess", pings.ok());
        put(details, "lastStart", pings.start());
        put(details, "lastFail", pings.fail());
        if (pings.exitCode() != null) details.put("exitCode", pings.exitCode());
        if (pings.message() != null) details.put("message", pings.message());
        if (pings.runTime() != null) details.put("lastRunTimeMs", pings.runTime().toMillis());
        if (hb.maxDuration() != null) details.put("maxDuration", Durations.format(hb.maxDuration()));
        Instant newest = pings.newest();
        Duration grace = hb.grace();
        ZoneId zone = hb.timezone();

        if (pings.fail() != null && pings.fail().equals(newest)) {
            return Observation.fail("last run reported failure at " + at(pings.fail(), zone)
                    + (pings.exitCode() == null ? "" : " (exit code " + pings.exitCode() + ")") + said(pings), details);
        }
        Duration max = hb.maxDuration();
        if (max != null && pings.start() != null && pings.start().equals(newest) && Duration.between(pings.start(), now).compareTo(max) > 0) {
            return Observation.fail("running for " + Durations.format(Duration.between(pings.start(), now).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    + " since " + at(pings.start(), zone) + ", longer than maxDuration " + Durations.format(max), details);
        }
        if (max != null && pings.ok() != null && pings.ok().equals(newest) && pings.runTime() != null && pings.runTime().compareTo(max) > 0) {
            return Observation.fail("last run took " + Durations.format(pings.runTime().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    + " (finished " + at(pings.ok(), zone) + "), longer than maxDuration " + Durations.format(max) + said(pings), details);
        }
        if (pings.start() != null && pings.start().equals(newest) && !pings.start().plus(grace).isAfter(now)) {
            return Observation.fail("started at " + at(pings.start(), zone) + " and never finished (grace "
                    + Durations.format(grace) + ")", details);
        }
        if (hb.every() != null) return periodic(hb, pings, registered, now, details);
        Optional<Instant> expected = hb.schedule().previousFire(now.minus(grace), zone);
        Optional<Instant> next = hb.schedule().nextFire(now, zone);
        next.ifPresent(n -> details.put("nextExpected", n.toString()));
        if (expected.isEmpty() || expected.get().isBefore(registered.minus(CLOCK_SKEW))) {
            if (pings.ok() != null) return Observation.ok(okMessage(pings, next, zone), details);
            return Observation.ok("waiting for the first expected run" + next.map(n -> " at " + at(n, zone)).orElse(""), details);
        }
        Instant due = expected.get();
        details.put("lastExpected", due.toString());
        boolean pingedSince = pings.ok() != null && !pings.ok().isBefore(due.minus(CLOCK_SKEW));
        if (pingedSince) return Observation.ok(okMessage(pings, next, zone), details);
        boolean running = pings.start() != null && !pings.start().isBefore(due.minus(CLOCK_SKEW)) && pings.start().plus(grace).isAfter(now);
        if (running) {
            return Observation.ok("running since " + at(pings.start(), zone), details);
        }
        return Observation.fail("missed: expected a run at " + at(due, zone) + " (grace " + Durations.format(grace)
                + "); last success " + (pings.ok() == null ? "never" : at(pings.ok(), zone)), details);
    }

    /** Healthchecks.io's simple schedule: a success is due one period after the last (or after Patrol started watching). */
    private static Observation periodic(Heartbeat hb, Pings.Latest pings, Instant registered, Instant now, Map<String, Object> details) {
        ZoneId zone = hb.timezone();
        Instant since = pings.ok() != null ? pings.ok() : registered;
        Instant due = since.plus(hb.every());
        details.put("nextExpected", due.toString());
        if (!due.plus(hb.grace()).isBefore(now)) {
            if (pings.ok() == null) return Observation.ok("waiting for the first ping, due by " + at(due, zone), details);
            return Observation.ok(okMessage(pings, Optional.of(due), zone), details);
        }
        boolean running = pings.start() != null && !pings.start().isBefore(since) && pings.start().plus(hb.grace()).isAfter(now);
        if (running) return Observation.ok("running since " + at(pings.start(), zone), details);
        return Observation.fail("missed: expected a ping by " + at(due, zone) + " (" + hb.scheduleText() + ", grace "
                + Durations.format(hb.grace()) + "); last success " + (pings.ok() == null ? "never" : at(pings.ok(), zone)), details);
    }

    /** The job's own message, on one line and short; the whole of it stays in the details. */
    private static String said(Pings.Latest pings) {
        if (pings.message() == null || pings.message().isBlank()) return "";
        String line = pings.message().strip().replaceAll("\\s+", " ");
        return ": \"" + (line.length() > 200 ? line.substring(0, 200) + "…" : line) + "\"";
    }

    private static String okMessage(Pings.Latest pings, Optional<Instant> next, ZoneId zone) {
        return "last success " + at(pings.ok(), zone) + said(pings) + next.map(n -> "; next expected " + at(n, zone)).orElse("");
    }

    private static void put(Map<String, Object> details, String key, Instant value) {
        if (value != null) details.put(key, value.toString());
    }

    private static String at(Instant i, ZoneId zone) {
        return WHEN.format(i.atZone(zone));
    }
}

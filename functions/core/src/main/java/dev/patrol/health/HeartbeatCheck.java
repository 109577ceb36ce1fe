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
        details.put("schedule", hb.schedule().toString());
        details.put("timezone", hb.timezone().getId());
        put(details, "lastSuccess", pings.ok());
        put(details, "lastStart", pings.start());
        put(details, "lastFail", pings.fail());
        Instant newest = pings.newest();
        Duration grace = hb.grace();
        ZoneId zone = hb.timezone();

        if (pings.fail() != null && pings.fail().equals(newest)) {
            return Observation.fail("last run reported failure at " + at(pings.fail(), zone), details);
        }
        if (pings.start() != null && pings.start().equals(newest) && !pings.start().plus(grace).isAfter(now)) {
            return Observation.fail("started at " + at(pings.start(), zone) + " and never finished (grace "
                    + Durations.format(grace) + ")", details);
        }
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

    private static String okMessage(Pings.Latest pings, Optional<Instant> next, ZoneId zone) {
        return "last success " + at(pings.ok(), zone) + next.map(n -> "; next expected " + at(n, zone)).orElse("");
    }

    private static void put(Map<String, Object> details, String key, Instant value) {
        if (value != null) details.put(key, value.toString());
    }

    private static String at(Instant i, ZoneId zone) {
        return WHEN.format(i.atZone(zone));
    }
}

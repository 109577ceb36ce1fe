package dev.patrol.health;

import dev.patrol.config.HealthConfig.Freshness;
import dev.patrol.pipeline.Observation;
import dev.patrol.storage.ObjectInfo;
import dev.patrol.storage.ObjectStores;
import dev.patrol.time.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Data must be recent: a local file or s3:// object older than maxAge (or missing) fails. */
public final class FreshnessCheck {
    private FreshnessCheck() {}

    public static Observation evaluate(Freshness f, ObjectStores storage, Instant now) throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("object", f.object());
        details.put("maxAge", Durations.format(f.maxAge()));
        Optional<ObjectInfo> info = storage.forLocation(f.object()).stat(f.object());
        if (info.isEmpty()) return Observation.fail(f.object() + " does not exist", details);
        Instant modified = info.get().lastModified();
        Duration age = Duration.between(modified, now);
        details.put("lastModified", modified.toString());
        details.put("ageSeconds", age.toSeconds());
        details.put("size", info.get().size());
        if (age.compareTo(f.maxAge()) > 0) {
            return Observation.fail(f.object() + " is " + Durations.format(age.truncatedTo(java.time.temporal.ChronoUnit.MINUTES))
                    + " old (last modified " + modified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "), older than maxAge " + Durations.format(f.maxAge()), details);
        }
        return Observation.ok("updated " + Durations.format(age.isNegative() ? Duration.ZERO : age.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + " ago", details);
    }
}

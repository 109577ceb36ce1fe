package dev.patrol.lambda.ping;

import dev.patrol.state.StateItem;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * One ping of a heartbeat, as the health job reads it from state (the CLI's
 * {@code patrol ping} writes the same item):
 * <pre>
 *   pk heartbeat#&lt;name&gt;   sk ping#&lt;instant&gt;#&lt;kind&gt;   data {"at": instant, "kind": kind}   expiresAt at + 30 days
 * </pre>
 * The instant is written with exactly three fraction digits so that sort keys
 * sort in time order ({@link Instant#toString()} drops trailing zeros and would not).
 */
public record HeartbeatPing(String heartbeat, Kind kind, Instant at) {
    public static final Duration KEEP = Duration.ofDays(30);
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** ok: the job ran; start: it began (its duration is measured from here); fail: it reports its own failure. */
    public enum Kind {
        OK, START, FAIL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HeartbeatPing {
        at = at.truncatedTo(ChronoUnit.MILLIS);
    }

    public StateItem toItem() {
        String time = INSTANT.format(at);
        String data = JsonMapper.shared().createObjectNode().put("at", time).put("kind", kind.id()).toString();
        return StateItem.of("heartbeat#" + heartbeat, "ping#" + time + "#" + kind.id(), data).expiringAt(at.plus(KEEP));
    }
}

package dev.patrol.report;

import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The day the digest last went out. The digest is daily: `patrol run all` from cron every
 * 15 minutes, a retried Lambda invocation or a laptop run beside the scheduled function
 * writes a fresh report each time, but sends the day's digest once (UTC days).
 */
final class DigestDay {
    private static final String PK = "report#digest";
    private static final String SK = "last-sent";

    record Sent(String day, String at) {}

    private final StateStore state;
    private final Optional<StateItem> stored;

    DigestDay(StateStore state) {
        this.state = state;
        this.stored = state.get(PK, SK);
    }

    static LocalDate of(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** When the digest of {@code day} went out, if it has. */
    Optional<Instant> sentOn(LocalDate day) {
        return stored.map(i -> Json.read(i.data(), Sent.class)).filter(s -> day.toString().equals(s.day())).map(s -> Instant.parse(s.at()));
    }

    /** Run only once the digest alert is in the outbox: a run cut short before sends it again rather than never. */
    void remember(Instant at) {
        String data = Json.write(new Sent(of(at).toString(), at.toString()));
        try {
            state.put(stored.map(i -> i.withData(data)).orElse(StateItem.of(PK, SK, data)),
                    stored.map(i -> Expect.version(i.version())).orElse(Expect.ABSENT));
        } catch (ConditionFailedException e) {
            // another run of the same day remembered it first
        }
    }
}

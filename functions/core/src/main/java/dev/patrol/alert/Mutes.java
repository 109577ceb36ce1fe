package dev.patrol.alert;

import dev.patrol.state.Expect;
import dev.patrol.state.Json;
import dev.patrol.state.Keys;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mutes ({@code patrol mute}) kept in state, so that any run honours them: the
 * CLI on a laptop and the Lambda functions read the same items. A mute covers a
 * target name in every job and ends at {@code until} (the item expires then) or
 * when it is removed by {@code patrol unmute}.
 */
public final class Mutes {
    private final StateStore store;
    private final Clock clock;

    public Mutes(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public record Mute(String target, Instant until, String reason, Instant setAt) {}

    /** Mutes in force now, by target name order. */
    public List<Mute> active() {
        Instant now = clock.instant();
        return store.query(Keys.MUTES, "").stream().filter(i -> !i.expiredAt(now))
                .map(i -> Json.read(i.data(), Mute.class)).filter(m -> m.until().isAfter(now)).toList();
    }

    /** Mutes {@code target} for {@code length}; returns the mute it replaced, if one was in force. */
    public Optional<Mute> mute(String target, Duration length, String reason) {
        Instant now = clock.instant();
        Optional<Mute> before = find(target);
        // Whole seconds: people read and compare these times.
        Mute m = new Mute(target, now.plus(length).truncatedTo(java.time.temporal.ChronoUnit.SECONDS), reason, now);
        store.put(StateItem.of(Keys.MUTES, target, Json.write(m)).expiringAt(m.until()), Expect.ANYTHING);
        return before;
    }

    /** Ends the mute of {@code target}; returns it, or empty when it was not muted. */
    public Optional<Mute> unmute(String target) {
        Optional<Mute> before = find(target);
        store.delete(Keys.MUTES, target, Expect.ANYTHING);
        return before;
    }

    private Optional<Mute> find(String target) {
        Instant now = clock.instant();
        return store.get(Keys.MUTES, target).filter(i -> !i.expiredAt(now)).map(i -> Json.read(i.data(), Mute.class))
                .filter(m -> m.until().isAfter(now));
    }
}

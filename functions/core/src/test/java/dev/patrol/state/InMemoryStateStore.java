package dev.patrol.state;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link StateStore} in memory for tests, behaving like the DynamoDB adapter
 * where a test could tell the difference:
 * <ul>
 *   <li>every {@link Expect} is checked against what is physically stored, and a
 *       written item's version becomes {@code item.version() + 1};</li>
 *   <li>expired items are left out of {@link #get} and {@link #query} but linger,
 *       as in DynamoDB until its TTL sweep, so {@link Expect#ABSENT} still fails on
 *       them ({@link Expect.AbsentOrExpired} does not); {@link #sweepExpired()} plays
 *       the sweep;</li>
 *   <li>{@link #putAll} is all or nothing, takes at most 100 writes and each item at
 *       most once (DynamoDB transactions refuse anything else);</li>
 *   <li>empty keys and items over 400 KB are refused, as DynamoDB refuses them.</li>
 * </ul>
 * Thread-safe: every operation holds one lock, so a batch is never seen half done.
 * {@link #unreachable(boolean)} makes every call throw {@link StateUnavailableException}.
 */
public final class InMemoryStateStore implements StateStore {
    public static final int MAX_BATCH = 100;
    private static final int MAX_ITEM_BYTES = 400 * 1024;

    private final Clock clock;
    private final Map<String, NavigableMap<String, StateItem>> partitions = new TreeMap<>();
    private volatile boolean unreachable;

    /** @param clock decides which items have expired (share a {@code MutableClock} with the code under test) */
    public InMemoryStateStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InMemoryStateStore() {
        this(Clock.systemUTC());
    }

    @Override
    public synchronized Optional<StateItem> get(String pk, String sk) {
        reachable();
        return stored(pk, sk).filter(i -> !i.expiredAt(clock.instant()));
    }

    @Override
    public synchronized List<StateItem> query(String pk, String skPrefix) {
        reachable();
        Objects.requireNonNull(skPrefix, "skPrefix");
        NavigableMap<String, StateItem> partition = partitions.get(pk);
        if (partition == null) return List.of();
        Instant now = clock.instant();
        List<StateItem> out = new ArrayList<>();
        for (StateItem i : partition.tailMap(skPrefix, true).values()) {
            if (!i.sk().startsWith(skPrefix)) break;
            if (!i.expiredAt(now)) out.add(i);
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized StateItem put(StateItem item, Expect expect) {
        reachable();
        validate(item);
        check(item.pk(), item.sk(), expect);
        return store(item);
    }

    @Override
    public synchronized void delete(String pk, String sk, Expect expect) {
        reachable();
        validateKey(pk, sk);
        check(pk, sk, expect);
        remove(pk, sk);
    }

    @Override
    public synchronized void putAll(List<Write> writes) {
        reachable();
        if (writes.size() > MAX_BATCH) {
            throw new IllegalArgumentException("putAll of " + writes.size() + " writes; a transaction takes at most " + MAX_BATCH);
        }
        Set<String> keys = new HashSet<>();
        for (Write w : writes) {
            if (w.delete()) validateKey(w.item().pk(), w.item().sk());
            else validate(w.item());
            if (!keys.add(w.item().pk() + "\u0000" + w.item().sk())) {
                throw new IllegalArgumentException("putAll writes " + w.item().pk() + " / " + w.item().sk() + " twice");
            }
        }
        // Every condition first, then every write: a failed condition leaves the store as it was.
        for (Write w : writes) check(w.item().pk(), w.item().sk(), w.expect());
        for (Write w : writes) {
            if (w.delete()) remove(w.item().pk(), w.item().sk());
            else store(w.item());
        }
    }

    /** Removes expired items, as DynamoDB's TTL sweep eventually does. */
    public synchronized void sweepExpired() {
        Instant now = clock.instant();
        partitions.values().forEach(p -> p.values().removeIf(i -> i.expiredAt(now)));
        partitions.values().removeIf(Map::isEmpty);
    }

    /** Every stored item, expired ones included, ordered by key: for assertions on what was written. */
    public synchronized List<StateItem> items() {
        return partitions.values().stream().flatMap(p -> p.values().stream()).toList();
    }

    /** While true, every call fails as if the store could not be reached. */
    public void unreachable(boolean value) {
        unreachable = value;
    }

    private void reachable() {
        if (unreachable) {
            throw new StateUnavailableException("state store unreachable (InMemoryStateStore.unreachable set by the test)", null);
        }
    }

    private Optional<StateItem> stored(String pk, String sk) {
        NavigableMap<String, StateItem> partition = partitions.get(pk);
        return Optional.ofNullable(partition == null ? null : partition.get(sk));
    }

    private void check(String pk, String sk, Expect expect) {
        Optional<StateItem> current = stored(pk, sk);
        boolean holds = switch (Objects.requireNonNull(expect, "expect")) {
            case Expect.Anything a -> true;
            case Expect.Absent a -> current.isEmpty();
            case Expect.Version v -> current.isPresent() && current.get().version() == v.version();
            case Expect.AbsentOrExpired e -> current.isEmpty() || current.get().expiredAt(e.now());
        };
        if (!holds) throw new ConditionFailedException(pk, sk);
    }

    private StateItem store(StateItem item) {
        StateItem stored = item.withVersion(item.version() + 1);
        partitions.computeIfAbsent(item.pk(), k -> new TreeMap<>()).put(item.sk(), stored);
        return stored;
    }

    private void remove(String pk, String sk) {
        NavigableMap<String, StateItem> partition = partitions.get(pk);
        if (partition == null) return;
        partition.remove(sk);
        if (partition.isEmpty()) partitions.remove(pk);
    }

    private static void validate(StateItem item) {
        Objects.requireNonNull(item, "item");
        validateKey(item.pk(), item.sk());
        int bytes = item.data().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ITEM_BYTES) {
            throw new IllegalArgumentException(item.pk() + " / " + item.sk() + " is " + bytes + " bytes; DynamoDB items hold at most 400 KB");
        }
    }

    private static void validateKey(String pk, String sk) {
        if (pk == null || pk.isEmpty() || sk == null || sk.isEmpty()) {
            throw new IllegalArgumentException("empty key (pk \"" + pk + "\", sk \"" + sk + "\"); DynamoDB refuses empty key values");
        }
    }
}

package dev.patrol.state;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The {@link StateStore} contract in memory, for unit tests: versions, conditions and expiry as DynamoDB does them. */
public final class MemoryStateStore implements StateStore {
    private final Map<String, StateItem> items = new ConcurrentSkipListMap<>();
    private final Clock clock;

    public MemoryStateStore() {
        this(Clock.systemUTC());
    }

    public MemoryStateStore(Clock clock) {
        this.clock = clock;
    }

    private static String key(String pk, String sk) {
        return pk + "\u0000" + sk;
    }

    @Override
    public synchronized Optional<StateItem> get(String pk, String sk) {
        StateItem item = items.get(key(pk, sk));
        return item == null || item.expiredAt(clock.instant()) ? Optional.empty() : Optional.of(item);
    }

    @Override
    public synchronized List<StateItem> query(String pk, String skPrefix) {
        List<StateItem> out = new ArrayList<>();
        Instant now = clock.instant();
        for (StateItem item : items.values()) {
            if (item.pk().equals(pk) && item.sk().startsWith(skPrefix) && !item.expiredAt(now)) out.add(item);
        }
        return out;
    }

    @Override
    public synchronized StateItem put(StateItem item, Expect expect) {
        check(item.pk(), item.sk(), expect);
        StateItem stored = item.withVersion(item.version() + 1);
        items.put(key(item.pk(), item.sk()), stored);
        return stored;
    }

    @Override
    public synchronized void delete(String pk, String sk, Expect expect) {
        check(pk, sk, expect);
        items.remove(key(pk, sk));
    }

    @Override
    public synchronized void putAll(List<Write> writes) {
        for (Write w : writes) check(w.item().pk(), w.item().sk(), w.expect());
        for (Write w : writes) {
            if (w.delete()) items.remove(key(w.item().pk(), w.item().sk()));
            else items.put(key(w.item().pk(), w.item().sk()), w.item().withVersion(w.item().version() + 1));
        }
    }

    private void check(String pk, String sk, Expect expect) {
        StateItem current = items.get(key(pk, sk));
        boolean holds = switch (expect) {
            case Expect.Anything a -> true;
            case Expect.Absent a -> current == null;
            case Expect.Version v -> current != null && current.version() == v.version();
            case Expect.AbsentOrExpired a -> current == null || current.expiredAt(a.now());
        };
        if (!holds) throw new ConditionFailedException(pk, sk);
    }
}

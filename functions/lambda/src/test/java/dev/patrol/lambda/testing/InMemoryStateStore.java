package dev.patrol.lambda.testing;

import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The StateStore contract in memory, conditions and expiry included, for tests of the Lambda layer. */
public final class InMemoryStateStore implements StateStore {
    private final TreeMap<String, StateItem> items = new TreeMap<>();
    private final Clock clock;

    public InMemoryStateStore(Clock clock) {
        this.clock = clock;
    }

    private static String key(String pk, String sk) {
        return pk + "\u0000" + sk;
    }

    @Override
    public synchronized Optional<StateItem> get(String pk, String sk) {
        return Optional.ofNullable(items.get(key(pk, sk))).filter(i -> !i.expiredAt(clock.instant()));
    }

    @Override
    public synchronized List<StateItem> query(String pk, String skPrefix) {
        List<StateItem> found = new ArrayList<>();
        for (StateItem item : items.tailMap(key(pk, skPrefix)).values()) {
            if (!item.pk().equals(pk) || !item.sk().startsWith(skPrefix)) break;
            if (!item.expiredAt(clock.instant())) found.add(item);
        }
        return found;
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
            if (w.delete()) delete(w.item().pk(), w.item().sk(), Expect.ANYTHING);
            else put(w.item(), Expect.ANYTHING);
        }
    }

    /** Every item, expired ones included: what a test inspects. */
    public synchronized List<StateItem> all() {
        return List.copyOf(items.values());
    }

    private void check(String pk, String sk, Expect expect) {
        StateItem current = items.get(key(pk, sk));
        boolean holds = switch (expect) {
            case Expect.Anything a -> true;
            case Expect.Absent a -> current == null;
            case Expect.Version v -> current != null && current.version() == v.version();
            case Expect.AbsentOrExpired e -> current == null || current.expiredAt(e.now());
        };
        if (!holds) throw new ConditionFailedException(pk, sk);
    }
}

package dev.patrol.secrets;

import dev.patrol.state.ConditionFailedException;
import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The state port in memory, with its conditions, for the ledger's tests. */
final class MemoryStateStore implements StateStore {
    private final TreeMap<String, StateItem> items = new TreeMap<>();

    private static String key(String pk, String sk) {
        return pk + "\u0000" + sk;
    }

    @Override
    public synchronized Optional<StateItem> get(String pk, String sk) {
        return Optional.ofNullable(items.get(key(pk, sk)));
    }

    @Override
    public synchronized List<StateItem> query(String pk, String skPrefix) {
        return items.values().stream().filter(i -> i.pk().equals(pk) && i.sk().startsWith(skPrefix)).toList();
    }

    @Override
    public synchronized StateItem put(StateItem item, Expect expect) {
        StateItem old = items.get(key(item.pk(), item.sk()));
        boolean ok = switch (expect) {
            case Expect.Anything a -> true;
            case Expect.Absent a -> old == null;
            case Expect.Version v -> old != null && old.version() == v.version();
            case Expect.AbsentOrExpired e -> old == null || old.expiredAt(e.now());
        };
        if (!ok) throw new ConditionFailedException(item.pk(), item.sk());
        StateItem stored = item.withVersion(item.version() + 1);
        items.put(key(item.pk(), item.sk()), stored);
        return stored;
    }

    @Override
    public synchronized void delete(String pk, String sk, Expect expect) {
        items.remove(key(pk, sk));
    }

    @Override
    public synchronized void putAll(List<Write> writes) {
        writes.forEach(w -> put(w.item(), w.expect()));
    }

    List<String> allData() {
        return items.values().stream().map(StateItem::data).toList();
    }
}

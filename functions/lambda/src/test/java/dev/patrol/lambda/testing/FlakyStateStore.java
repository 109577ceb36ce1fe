package dev.patrol.lambda.testing;

import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import dev.patrol.state.StateUnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A state store that fails the way DynamoDB does when it cannot be reached, on
 * demand: while saving the state of the named targets. Lets tests drive the
 * real pipeline into "Patrol could not do its work".
 */
public final class FlakyStateStore implements StateStore {
    /** Targets whose state cannot be saved. */
    public final Set<String> unreachableFor = ConcurrentHashMap.newKeySet();
    private final StateStore inner;

    public FlakyStateStore(StateStore inner) {
        this.inner = inner;
    }

    @Override
    public Optional<StateItem> get(String pk, String sk) {
        return inner.get(pk, sk);
    }

    @Override
    public List<StateItem> query(String pk, String skPrefix) {
        return inner.query(pk, skPrefix);
    }

    @Override
    public StateItem put(StateItem item, Expect expect) {
        return inner.put(item, expect);
    }

    @Override
    public void delete(String pk, String sk, Expect expect) {
        inner.delete(pk, sk, expect);
    }

    @Override
    public void putAll(List<Write> writes) {
        for (Write w : writes) {
            if (unreachableFor.contains(w.item().sk())) {
                throw new StateUnavailableException("state store unreachable (test) saving " + w.item().sk(), null);
            }
        }
        inner.putAll(writes);
    }
}

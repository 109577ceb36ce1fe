package dev.patrol.cli;

import dev.patrol.state.Expect;
import dev.patrol.state.StateItem;
import dev.patrol.state.StateStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * State that is still opening (embedded DynamoDB Local takes ~0.25 s): a run's checks that need no state start
 * meanwhile, and the first use of state waits for it to be open, or meets what stopped it opening (the folder
 * held by another command, damaged state), thrown as if opening had happened right there.
 */
final class OpeningState implements StateStore {
    private final CompletableFuture<StateStore> opening;

    OpeningState(CompletableFuture<StateStore> opening) {
        this.opening = opening;
    }

    private StateStore open() {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    @Override
    public Optional<StateItem> get(String pk, String sk) {
        return open().get(pk, sk);
    }

    @Override
    public List<StateItem> query(String pk, String skPrefix) {
        return open().query(pk, skPrefix);
    }

    @Override
    public StateItem put(StateItem item, Expect expect) {
        return open().put(item, expect);
    }

    @Override
    public void delete(String pk, String sk, Expect expect) {
        open().delete(pk, sk, expect);
    }

    @Override
    public void putAll(List<Write> writes) {
        open().putAll(writes);
    }
}

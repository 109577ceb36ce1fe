package dev.patrol.lambda;

import java.util.function.Supplier;

/**
 * A value built on first use and kept for the container's life. SDK clients and
 * the runtime are built this way so that a function pays only for what it uses,
 * and a cold start does no work before the first request needs it.
 */
final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    private Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    static <T> Lazy<T> of(Supplier<T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) value = v = factory.get();
            }
        }
        return v;
    }
}

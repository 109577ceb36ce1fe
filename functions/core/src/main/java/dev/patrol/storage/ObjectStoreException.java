package dev.patrol.storage;

import java.io.IOException;

/**
 * A store could not do what was asked. The message names the location and the
 * store's answer and says what to do; it never contains credentials.
 * {@link Reason} lets callers tell a broken backup from an unreachable store.
 */
public class ObjectStoreException extends IOException {

    public enum Reason {
        /** The object or the bucket/folder does not exist. */
        NOT_FOUND,
        /** Credentials or permissions refuse the request. */
        ACCESS_DENIED,
        /** The store kept answering "slow down" after the client's retries. */
        THROTTLED,
        /** The store failed (5xx) after the client's retries, or the connection broke. */
        UNAVAILABLE,
        /** The store does not implement this request (some S3-compatible servers). */
        NOT_SUPPORTED,
        /** Anything else the store refused. */
        REJECTED
    }

    private final Reason reason;

    public ObjectStoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

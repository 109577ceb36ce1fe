package dev.patrol.storage;

/** The object is not there (never was, or was deleted between listing and reading). */
public class NoSuchObjectException extends ObjectStoreException {
    public NoSuchObjectException(String location) {
        super(Reason.NOT_FOUND, location + " does not exist (deleted or expired since it was listed?)", null);
    }
}

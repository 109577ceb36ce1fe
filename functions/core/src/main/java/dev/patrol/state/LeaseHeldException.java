package dev.patrol.state;

/** Another run of the same job holds the lease: this run must not work (exit 3). */
public class LeaseHeldException extends RuntimeException {
    public LeaseHeldException(String message) {
        super(message);
    }
}

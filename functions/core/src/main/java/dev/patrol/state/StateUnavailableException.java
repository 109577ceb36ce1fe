package dev.patrol.state;

/** The state store cannot be reached or refused the request; Patrol cannot do its work (exit 3). */
public class StateUnavailableException extends RuntimeException {
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

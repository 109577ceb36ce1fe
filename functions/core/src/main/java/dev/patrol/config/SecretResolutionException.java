package dev.patrol.config;

/** A reference could not be resolved. The message names the reference, never a value. */
public class SecretResolutionException extends RuntimeException {
    public SecretResolutionException(String message) {
        super(message);
    }

    public SecretResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}

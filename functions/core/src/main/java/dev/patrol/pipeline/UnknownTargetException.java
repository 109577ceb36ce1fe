package dev.patrol.pipeline;

/** {@code --target} named something the config does not define (exit 2). */
public class UnknownTargetException extends RuntimeException {
    public UnknownTargetException(String message) {
        super(message);
    }
}

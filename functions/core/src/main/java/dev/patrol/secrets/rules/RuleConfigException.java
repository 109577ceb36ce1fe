package dev.patrol.secrets.rules;

/** A rule file cannot be used; the message names the file, the line when known, and what is wrong. */
public class RuleConfigException extends RuntimeException {
    public RuleConfigException(String message) {
        super(message);
    }

    public RuleConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

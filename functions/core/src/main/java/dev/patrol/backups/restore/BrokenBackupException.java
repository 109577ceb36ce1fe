package dev.patrol.backups.restore;

import java.io.IOException;

/** The object would not restore; the message says what is wrong with it in a person's words. */
public class BrokenBackupException extends IOException {
    public BrokenBackupException(String message) {
        super(message);
    }

    public BrokenBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}

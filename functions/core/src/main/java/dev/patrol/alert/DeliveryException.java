package dev.patrol.alert;

/** An alert could not be delivered on one channel. The message must never contain a secret (webhook URLs included). */
public class DeliveryException extends Exception {
    public DeliveryException(String message) {
        super(message);
    }

    public DeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}

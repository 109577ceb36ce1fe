package dev.patrol.state;

/** A conditional write lost a race: someone else wrote the item first. */
public class ConditionFailedException extends RuntimeException {
    public ConditionFailedException(String pk, String sk) {
        super("conditional write failed for " + pk + " / " + sk);
    }
}

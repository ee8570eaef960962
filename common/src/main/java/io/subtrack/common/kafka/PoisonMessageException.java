package io.subtrack.common.kafka;

/** A message that can never be loaded; it goes to the dead-letter topic with this reason. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String reason) {
        super(reason);
    }
}

package dev.switchboard.gateway.relay;

import dev.switchboard.gateway.protocol.SseEvent;

/** Where a relay writes the events it reads from an upstream, with the back-pressure it may apply. */
public interface EventSink {

    void send(SseEvent event);

    /** True while the sink cannot take more for now; the relay then pauses its upstream until drained. */
    boolean isFull();

    /** Runs when the sink can take more again. */
    void onDrain(Runnable listener);

    /** Runs once when the sink goes away before its stream ended (the relay then stops reading). */
    void onClose(Runnable listener);

    /**
     * Registers how the sink makes the relay stop reading its upstream at once, as when full (with no event to
     * wait for), until drained; a sink that never needs it ignores it.
     */
    default void onHold(Runnable hold) {
    }
}

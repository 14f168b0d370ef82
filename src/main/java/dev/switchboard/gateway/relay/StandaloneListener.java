package dev.switchboard.gateway.relay;

import dev.switchboard.gateway.protocol.SseEvent;

/** Offered what an upstream's standalone stream carries, rewritten for the client ({@link SessionChannels#subscribe}). */
@FunctionalInterface
public interface StandaloneListener {

    /** True when the listener took the message (no other client stream gets it). */
    boolean offer(String slug, SseEvent event);
}

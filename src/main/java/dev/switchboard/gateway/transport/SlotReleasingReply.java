package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.protocol.EncodedResponse;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;

/**
 * A routed call's reply that gives its toolkit's concurrency slot back just before the answer goes out. Given back
 * only when the call's chain ended, a client that read its answer and at once sent the next call could find its own
 * finished call still counted, when the next call reached the other event loop first (seen under load). An answer
 * sent as an event stream still gives the slot back when the call ends. The release runs at most once.
 */
final class SlotReleasingReply implements ClientReply {

    private final ClientReply reply;
    private final Runnable release;
    private boolean released;

    SlotReleasingReply(ClientReply reply, Runnable release) {
        this.reply = reply;
        this.release = release;
    }

    /** Gives the slot back unless that was done already; the call's end calls this too. */
    void release() {
        if (!released) {
            released = true;
            release.run();
        }
    }

    @Override
    public void send(JsonNode message) {
        release();
        reply.send(message);
    }

    @Override
    public void send(JsonNode message, int httpStatus) {
        release();
        reply.send(message, httpStatus);
    }

    @Override
    public boolean sendEncoded(EncodedResponse response) {
        release();
        return reply.sendEncoded(response);
    }

    @Override
    public ClientStream openStream() {
        return reply.openStream();
    }

    @Override
    public void accepted() {
        release();
        reply.accepted();
    }

    @Override
    public void onClientGone(Runnable action) {
        reply.onClientGone(action);
    }
}

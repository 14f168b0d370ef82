package dev.switchboard.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.protocol.EncodedResponse;

/**
 * Where the answer to one client message goes. Over Streamable HTTP it is the HTTP response of the
 * client's POST (a JSON body or an event stream); over legacy HTTP+SSE it is the session's one event
 * stream, the POST itself being answered 202 at once.
 */
public interface ClientReply {

    /** Answers with one JSON-RPC message. */
    void send(JsonNode message);

    /**
     * Answers with a JSON-RPC error an upstream gave with this HTTP error status (as 2026-07-28 servers do).
     * Only where the client speaks that revision too does the status reach it: a 2025 client reads an HTTP
     * error as a broken transport, so by default the message goes as any other.
     */
    default void send(JsonNode message, int httpStatus) {
        send(message);
    }

    /**
     * Answers with a JSON-RPC response already encoded (UTF-8), when this reply can send it as it is or rewrite it in
     * its bytes: false, and nothing sent, when it must read the message itself (then {@link #send(JsonNode)} it).
     */
    default boolean sendEncoded(EncodedResponse response) {
        return false;
    }

    /** Answers with a stream of events (progress, server requests, then the response). */
    ClientStream openStream();

    /** Answers a notification or a response: nothing to send back. */
    void accepted();

    /**
     * Runs {@code action} if the client goes away before an answer starts (the request it waited on is then dropped
     * upstream); only the last action given runs. By default nothing tells (a legacy client's answer goes on its
     * session's stream, which outlives the request).
     */
    default void onClientGone(Runnable action) {
    }
}

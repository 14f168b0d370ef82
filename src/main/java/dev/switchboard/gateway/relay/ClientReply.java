package dev.switchboard.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the answer to one client message goes. Over Streamable HTTP it is the HTTP response of the
 * client's POST (a JSON body or an event stream); over legacy HTTP+SSE it is the session's one event
 * stream, the POST itself being answered 202 at once.
 */
public interface ClientReply {

    /** Answers with one JSON-RPC message. */
    void send(JsonNode message);

    /** Answers with a stream of events (progress, server requests, then the response). */
    ClientStream openStream();

    /** Answers a notification or a response: nothing to send back. */
    void accepted();
}

package dev.switchboard.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.fanout.MessageRoutes;
import dev.switchboard.gateway.protocol.EncodedRequest;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;

/**
 * A client's request as one upstream gets it: the message, its id and progress token mapped and its names the
 * upstream's own ({@link UpstreamMessages#requestToUpstream}, {@link MessageRoutes#rename}), and that message
 * encoded. A tool call whose bytes as the client sent them are at hand is written from them
 * ({@link EncodedRequest}), and its message is built only if a transport asks for it (a legacy or 2026-07-28
 * upstream); otherwise the message is built first and encoded when asked. Used on one event loop at a time.
 */
public final class UpstreamRequest {

    private final ObjectNode clientRequest;
    private final String upstreamKey;
    private ObjectNode message;
    private byte[] encoded;

    private UpstreamRequest(ObjectNode clientRequest, String upstreamKey, ObjectNode message, byte[] encoded) {
        this.clientRequest = clientRequest;
        this.upstreamKey = upstreamKey;
        this.message = message;
        this.encoded = encoded;
    }

    /** A message already as the upstream gets it. */
    public static UpstreamRequest of(ObjectNode message) {
        return new UpstreamRequest(null, null, message, null);
    }

    /**
     * The client's request routed to the upstream that knows what it addresses as {@code upstreamKey}.
     * {@code sent} (or null) is that request as the client sent it, which {@code clientRequest} was read from.
     */
    public static UpstreamRequest routed(ObjectNode clientRequest, EncodedRequest sent, String upstreamKey) {
        byte[] encoded = sent == null ? null : encodedInPlace(clientRequest, sent, upstreamKey);
        return new UpstreamRequest(clientRequest, upstreamKey, null, encoded);
    }

    private static byte[] encodedInPlace(ObjectNode clientRequest, EncodedRequest sent, String upstreamKey) {
        String method = clientRequest.path("method").asText();
        if (!"tools/call".equals(method) && !"prompts/get".equals(method)) {
            return null;
        }
        JsonNode progressToken = clientRequest.path("params").path("_meta").get("progressToken");
        return sent.forUpstream(MessageIds.clientToUpstream(clientRequest.get("id")).textValue(),
                upstreamKey, progressToken == null || progressToken.isNull() ? null
                        : MessageIds.clientToUpstream(progressToken).textValue());
    }

    /** The JSON-RPC method, without building the message. */
    public String method() {
        return (clientRequest != null ? clientRequest : message).path("method").textValue();
    }

    /** The message the upstream gets, built on first use. */
    public ObjectNode message() {
        if (message == null) {
            message = UpstreamMessages.requestToUpstream(clientRequest);
            MessageRoutes.rename(clientRequest.path("method").asText(), (ObjectNode) message.get("params"), upstreamKey);
        }
        return message;
    }

    /** The message in UTF-8, as it goes on the wire. */
    public byte[] encoded() {
        if (encoded == null) {
            encoded = JsonRpc.encode(message());
        }
        return encoded;
    }
}

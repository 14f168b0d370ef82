package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.protocol.EncodedResponse;
import dev.switchboard.gateway.protocol.InputRequired;
import dev.switchboard.gateway.protocol.ResponseOutcome;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.protocol.StatelessResults;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import java.io.IOException;

/**
 * The answer to a 2026-07-28 request: a Streamable HTTP answer whose results all carry their
 * {@code resultType}, the relayed ones from 2025 upstreams included, and a resource read that found nothing
 * names the URI in its error ({@link StatelessResults#resourceNotFound}). A stateless client resumes no
 * stream, so events without data (the upstream's priming events) are not passed on; log messages reach it
 * only from the level its request asked for, if it asked. A missing client capability error ({@code -32021})
 * is answered with HTTP 400 as the revision requires, unless the answer has started already.
 */
final class StatelessReply implements ClientReply {

    private static final String MISSING_CAPABILITY_CODE = String.valueOf(InputRequired.MISSING_REQUIRED_CLIENT_CAPABILITY);

    private final ClientReply reply;
    private final ObjectMapper json;
    private final Long cacheTtlMillis;
    private final String logLevel;
    private final String readUri;

    /**
     * {@code cacheTtlMillis}: the caching hints a complete result gets (for this user only), or null for none;
     * {@code logLevel}: the least severe log messages the request wants, or null for none; {@code readUri}: the
     * URI a {@code resources/read} asks for, as the client wrote it (null for other requests).
     */
    StatelessReply(ClientReply reply, ObjectMapper json, Long cacheTtlMillis, String logLevel, String readUri) {
        this.reply = reply;
        this.json = json;
        this.cacheTtlMillis = cacheTtlMillis;
        this.logLevel = logLevel;
        this.readUri = readUri;
    }

    @Override
    public void send(JsonNode message) {
        if (InputRequired.isMissingCapability(message)) {
            reply.send(message, 400);
        } else if (StatelessResults.passesLogLevel(message, logLevel)) {
            reply.send(typed(message));
        }
    }

    /**
     * A result typed in the upstream's bytes; an error (which may need its rewording or its status) and the answer to a
     * resource read (its caching hints) go through the tree.
     */
    @Override
    public boolean sendEncoded(EncodedResponse response) {
        if (cacheTtlMillis != null || readUri != null || response.outcome() == ResponseOutcome.ERROR) {
            return false;
        }
        return reply.sendEncoded(response.typed(StatelessResults.COMPLETE));
    }

    @Override
    public void send(JsonNode message, int httpStatus) {
        reply.send(typed(message), httpStatus);
    }

    @Override
    public ClientStream openStream() {
        ClientStream stream = reply.openStream();
        return new ClientStream() {
            @Override
            public void send(SseEvent event) {
                String data = event.data();
                if (data.isBlank()) {
                    return;
                }
                if (StatelessResults.mayBeLog(data) || data.contains(MISSING_CAPABILITY_CODE)) {
                    JsonNode message = parse(data);
                    if (InputRequired.isMissingCapability(message)) {
                        // Its status only while the answer has not started; else it goes as the stream's last event.
                        reply.send(message, 400);
                        return;
                    }
                    if (!StatelessResults.passesLogLevel(message, logLevel)) {
                        return;
                    }
                }
                stream.send(new SseEvent(null, event.event(), typed(data), null));
            }

            @Override
            public boolean isFull() {
                return stream.isFull();
            }

            @Override
            public void onDrain(Runnable listener) {
                stream.onDrain(listener);
            }

            @Override
            public void onClose(Runnable listener) {
                stream.onClose(listener);
            }

            @Override
            public boolean isEnded() {
                return stream.isEnded();
            }

            @Override
            public void end() {
                stream.end();
            }
        };
    }

    @Override
    public void accepted() {
        reply.accepted();
    }

    private JsonNode typed(JsonNode message) {
        JsonNode typed = StatelessResults.resourceNotFound(StatelessResults.typed(message), readUri);
        if (cacheTtlMillis != null && typed != null && typed.get("result") instanceof ObjectNode result) {
            StatelessResults.cacheable(result, cacheTtlMillis);
        }
        return typed;
    }

    /** An event's data with its result typed; only data that may hold a result is parsed. */
    private String typed(String data) {
        if (!StatelessResults.mayBeResult(data) && (readUri == null || !StatelessResults.mayBeError(data))) {
            return data;
        }
        JsonNode message = parse(data);
        return message == null ? data : typed(message).toString();
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public void onClientGone(Runnable action) {
        reply.onClientGone(action);
    }
}

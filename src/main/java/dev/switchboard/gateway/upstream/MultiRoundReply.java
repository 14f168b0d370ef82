package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.protocol.InputRequiredResults;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import java.io.IOException;

/**
 * The reply to a 2025 client's request while a modern upstream works on it over several rounds: what the
 * upstream sends passes through, but an input-required result is held back (the gateway asks the client
 * itself, then sends the request again), and the client's event stream, opened once, stays open from round
 * to round until a final answer ends it.
 */
final class MultiRoundReply implements ClientReply {

    private final ClientReply reply;
    private final ObjectMapper json;
    private ClientStream stream;
    private JsonNode held;

    MultiRoundReply(ClientReply reply, ObjectMapper json) {
        this.reply = reply;
        this.json = json;
    }

    /** The input-required response the last round ended with (null: it ended otherwise), cleared for the next round. */
    JsonNode takeHeld() {
        JsonNode taken = held;
        held = null;
        return taken;
    }

    /** The client's event stream, opened now if no round opened it yet. */
    ClientStream stream() {
        if (stream == null) {
            stream = reply.openStream();
        }
        return stream;
    }

    @Override
    public void send(JsonNode message) {
        if (InputRequiredResults.isInputRequired(message)) {
            held = message;
        } else if (stream != null) {
            stream.send(new SseEvent(null, null, message.toString(), null));
            stream.end();
        } else {
            reply.send(message);
        }
    }

    /** The upstream's status stays upstream: this client speaks 2025. */
    @Override
    public void send(JsonNode message, int httpStatus) {
        send(message);
    }

    @Override
    public ClientStream openStream() {
        ClientStream opened = stream();
        return new ClientStream() {
            @Override
            public void send(SseEvent event) {
                if (isInputRequired(event)) {
                    held = parse(event.data());
                } else {
                    opened.send(event);
                }
            }

            @Override
            public boolean isFull() {
                return opened.isFull();
            }

            @Override
            public void onDrain(Runnable listener) {
                opened.onDrain(listener);
            }

            @Override
            public void onClose(Runnable listener) {
                opened.onClose(listener);
            }

            @Override
            public boolean isEnded() {
                return opened.isEnded();
            }

            @Override
            public void end() {
                if (held == null) {
                    opened.end();
                }
            }
        };
    }

    @Override
    public void accepted() {
        reply.accepted();
    }

    private boolean isInputRequired(SseEvent event) {
        return event.data().contains(InputRequiredResults.RESULT_TYPE) && InputRequiredResults.isInputRequired(parse(event.data()));
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

package dev.switchboard.gateway.inputrequired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.protocol.EncodedResponse;
import dev.switchboard.gateway.protocol.InputRequired;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import java.io.IOException;
import java.util.function.Function;

/**
 * The answer to a 2026-07-28 client's call that a 2025 upstream may ask the client something during. A
 * stateless client takes no request from the server: the first such request ends the client's call with
 * an {@code input_required} result instead, and from then on everything the relay writes about the call goes
 * to the {@link PendingInputCall}, which the client's retries complete. Until then it is the reply it wraps.
 */
public final class InputRequiredReply implements ClientReply {

    private final ClientReply reply;
    private final ObjectMapper json;
    private final Function<ObjectNode, PendingInputCall> divert;
    private volatile PendingInputCall pending;
    /** How the relay resumes its upstream, and holds it (it registers them when the stream opens). */
    private Runnable drain;
    private Runnable hold;

    /** {@code divert}: makes the pending call for the upstream's first request (null when none can be held). */
    InputRequiredReply(ClientReply reply, ObjectMapper json, Function<ObjectNode, PendingInputCall> divert) {
        this.reply = reply;
        this.json = json;
        this.divert = divert;
    }

    @Override
    public void send(JsonNode message) {
        PendingInputCall diverted = pending;
        if (diverted != null && message instanceof ObjectNode object) {
            diverted.fromUpstream(object);
        } else {
            reply.send(message);
        }
    }

    /** As {@link #send(JsonNode)}: a response is the client's unless the call was diverted, which must read it. */
    @Override
    public boolean sendEncoded(EncodedResponse response) {
        return pending == null && reply.sendEncoded(response);
    }

    /** An error with its HTTP status (a 2026-07-28 upstream's) keeps the status when nothing is diverted. */
    @Override
    public void send(JsonNode message, int httpStatus) {
        PendingInputCall diverted = pending;
        if (diverted != null && message instanceof ObjectNode object) {
            diverted.fromUpstream(object);
        } else {
            reply.send(message, httpStatus);
        }
    }

    @Override
    public ClientStream openStream() {
        ClientStream stream = reply.openStream();
        return new ClientStream() {
            @Override
            public void send(SseEvent event) {
                PendingInputCall diverted = pending;
                if (diverted == null && !InputRequired.mayBeInputRequest(event.data())) {
                    stream.send(event);
                    return;
                }
                ObjectNode message = parse(event.data());
                if (diverted != null) {
                    if (message != null) {
                        diverted.fromUpstream(message);
                    }
                } else if (message != null && JsonRpc.isRequest(message)
                        && InputRequired.capabilityFor(message.path("method").asText()) != null) {
                    divert(message);
                } else {
                    stream.send(event);
                }
            }

            @Override
            public boolean isFull() {
                PendingInputCall diverted = pending;
                return diverted != null ? diverted.holdsUpstream() : stream.isFull();
            }

            @Override
            public void onDrain(Runnable listener) {
                stream.onDrain(listener);
                synchronized (InputRequiredReply.this) {
                    drain = listener;
                }
            }

            @Override
            public void onHold(Runnable listener) {
                synchronized (InputRequiredReply.this) {
                    hold = listener;
                }
            }

            @Override
            public void onClose(Runnable listener) {
                stream.onClose(listener);
            }

            @Override
            public boolean isEnded() {
                PendingInputCall diverted = pending;
                return diverted != null ? diverted.isDone() : stream.isEnded();
            }

            @Override
            public void end() {
                if (pending == null) {
                    stream.end();
                }
            }
        };
    }

    private synchronized void divert(ObjectNode request) {
        if (pending != null) {
            pending.fromUpstream(request);
            return;
        }
        PendingInputCall made = divert.apply(request);
        if (made == null) {
            // No room to hold another call: the upstream was told the client cannot be asked, and the call goes on.
            return;
        }
        if (drain != null) {
            made.onResume(drain);
        }
        if (hold != null) {
            made.onHold(hold);
        }
        pending = made;
        made.fromUpstream(request);
    }

    @Override
    public void accepted() {
        reply.accepted();
    }

    private ObjectNode parse(String data) {
        try {
            return json.readTree(data) instanceof ObjectNode object ? object : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public void onClientGone(Runnable action) {
        reply.onClientGone(action);
    }
}

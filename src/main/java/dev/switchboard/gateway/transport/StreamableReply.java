package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.protocol.EncodedResponse;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientEventStream;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.relay.ClientStreamKind;
import dev.switchboard.gateway.relay.UpstreamRelay;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * A Streamable HTTP answer: the response of the client's POST, as a JSON body or an event stream. Once
 * the stream is open, a message sent is its last event (how a failure reaches a client mid-stream).
 */
final class StreamableReply implements ClientReply {

    private final RoutingContext ctx;
    private final UpstreamRelay relay;
    private ClientEventStream stream;

    StreamableReply(RoutingContext ctx, UpstreamRelay relay) {
        this.ctx = ctx;
        this.relay = relay;
    }

    @Override
    public void send(JsonNode message) {
        if (stream != null) {
            if (!stream.isEnded()) {
                stream.send(new SseEvent(null, "message", message.toString(), null));
                stream.end();
            }
        } else if (!ctx.response().headWritten()) {
            ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, McpHeaders.JSON).end(Buffer.buffer(JsonRpc.encode(message)));
        }
    }

    /** As JSON; an answer already streaming takes the message as an event instead. */
    @Override
    public boolean sendEncoded(EncodedResponse response) {
        if (stream != null || ctx.response().headWritten()) {
            return false;
        }
        ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, McpHeaders.JSON).end(Buffer.buffer(response.bytes()));
        return true;
    }

    /**
     * The status is kept when the answer has not started yet: no stream, or one that wrote nothing yet (it is
     * given up for a JSON answer). A stream that wrote something has said 200: the message is its last event.
     */
    @Override
    public void send(JsonNode message, int httpStatus) {
        if (!ctx.response().headWritten() && (stream == null || stream.giveUpUnwritten())) {
            ctx.response().setStatusCode(httpStatus).putHeader(HttpHeaders.CONTENT_TYPE, McpHeaders.JSON).end(Buffer.buffer(JsonRpc.encode(message)));
        } else {
            send(message);
        }
    }

    @Override
    public ClientStream openStream() {
        stream = relay.eventStream(ctx.response(), ClientStreamKind.ANSWER).open(false);
        return stream;
    }

    @Override
    public void accepted() {
        ctx.response().setStatusCode(202).end();
    }

    /** The POST's connection closing before its response ended; an event stream opened later takes the hook over. */
    @Override
    public void onClientGone(Runnable action) {
        ctx.response().closeHandler(closed -> action.run());
    }
}

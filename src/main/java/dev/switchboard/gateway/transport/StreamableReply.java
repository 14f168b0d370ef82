package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.relay.UpstreamRelay;
import io.vertx.ext.web.RoutingContext;

/** A Streamable HTTP answer: the response of the client's POST, as a JSON body or an event stream. */
record StreamableReply(RoutingContext ctx, UpstreamRelay relay) implements ClientReply {

    @Override
    public void send(JsonNode message) {
        if (!ctx.response().headWritten()) {
            HttpChecks.json(ctx, 200, message);
        }
    }

    @Override
    public ClientStream openStream() {
        return relay.eventStream(ctx.response()).open(false);
    }

    @Override
    public void accepted() {
        ctx.response().setStatusCode(202).end();
    }
}

package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.relay.ClientEventStream;
import dev.switchboard.gateway.relay.ClientStreamKind;
import dev.switchboard.gateway.relay.SessionChannels;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.upstream.Upstreams;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.pipeline.Refusal;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A client's GET on an MCP URL. Without {@code Last-Event-ID} it is the session's standalone stream:
 * what the upstreams' standalone streams carry (server requests, list changes, resource updates, log
 * messages, see {@link SessionChannels}), kept open with keep-alive comments. With one, it resumes the one upstream stream the
 * id came from (an upstream that closed a response stream early, SEP-1699), on whichever replica.
 */
@ApplicationScoped
class StandaloneStreams {

    @Inject
    Upstreams upstreams;

    @Inject
    UpstreamRelay relay;

    @Inject
    SessionChannels channels;

    Uni<Void> open(McpExchange exchange, String lastEventId) {
        exchange.ctx().response().putHeader(McpHeaders.SESSION_ID, exchange.sessionId());
        if (lastEventId != null) {
            return resume(exchange, MessageIds.eventIdFromClient(lastEventId));
        }
        ClientEventStream stream = relay.eventStream(exchange.ctx().response(), ClientStreamKind.STANDALONE).open(true);
        channels.attach(exchange.sessionId(), stream, UpstreamLink.all(exchange.call().server(), exchange.state()));
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> resume(McpExchange exchange, MessageIds.UpstreamEventId resume) {
        UpstreamTarget target = resume == null ? null : exchange.call().server().upstream(resume.slug());
        UpstreamSession session = target == null ? null : exchange.upstreamSession(target.slug());
        if (session == null) {
            throw Refusal.of(404, "Last-Event-ID names no stream of this session");
        }
        String cannot = "The toolkit '" + target.slug() + "' could not resume the stream";
        UpstreamLink link = exchange.link(target, session);
        ClientEventStream[] stream = new ClientEventStream[1];
        return upstreams.of(target, session).listen(link, resume.id(),
                        () -> stream[0] = relay.eventStream(exchange.ctx().response(), ClientStreamKind.ANSWER).open(true))
                .onFailure().transform(failure -> Refusal.of(502, cannot))
                .invoke(listening -> {
                    if (!listening.isListening()) {
                        throw Refusal.of(listening.status() == 200 || listening.status() == 0 ? 502 : listening.status(), cannot);
                    }
                    listening.onEnd(() -> stream[0].end());
                }).replaceWithVoid();
    }
}

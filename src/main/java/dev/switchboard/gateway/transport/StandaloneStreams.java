package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.relay.ClientEventStream;
import dev.switchboard.gateway.relay.SessionChannels;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.upstream.UpstreamClient;
import dev.switchboard.gateway.upstream.UpstreamSession;
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
    UpstreamClient upstreams;

    @Inject
    UpstreamRelay relay;

    @Inject
    SessionChannels channels;

    void open(McpExchange exchange, String lastEventId) {
        exchange.ctx().response().putHeader(McpHeaders.SESSION_ID, exchange.sessionId());
        if (lastEventId != null) {
            resume(exchange, MessageIds.eventIdFromClient(lastEventId));
            return;
        }
        ClientEventStream stream = relay.eventStream(exchange.ctx().response()).open(true);
        channels.attach(exchange.sessionId(), stream, UpstreamLink.all(exchange.call().server(), exchange.state()));
    }

    private void resume(McpExchange exchange, MessageIds.UpstreamEventId resume) {
        UpstreamTarget target = resume == null ? null : exchange.call().server().upstream(resume.slug());
        UpstreamSession session = target == null ? null : exchange.upstreamSession(target.slug());
        if (session == null) {
            HttpChecks.problem(exchange.ctx(), 404, "Last-Event-ID names no stream of this session");
            return;
        }
        upstreams.listen(target, session, resume.id()).onSuccess(response -> {
            if (!UpstreamClient.isEventStream(response)) {
                response.request().reset();
                HttpChecks.problem(exchange.ctx(), response.statusCode() == 200 ? 502 : response.statusCode(),
                        "The toolkit '" + target.slug() + "' could not resume the stream");
                return;
            }
            ClientEventStream stream = relay.eventStream(exchange.ctx().response()).open(true);
            relay.pump(response, stream, exchange.link(target, session), ignored -> {
            }).onComplete(done -> stream.end());
        }).onFailure(failure -> HttpChecks.problem(exchange.ctx(), 502,
                "The toolkit '" + target.slug() + "' could not resume the stream: " + failure.getMessage()));
    }
}

package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.relay.EventSink;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.relay.UpstreamRequest;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One way of speaking MCP to upstream servers: Streamable HTTP or legacy HTTP+SSE in 2025, chosen per
 * toolkit from its {@link dev.switchboard.gateway.UpstreamTransportKind}, or 2026-07-28 without sessions for an
 * upstream that offers it ({@link ModernHttpUpstream}; {@link Upstreams#of(dev.switchboard.gateway.UpstreamTarget,
 * UpstreamSession)}). The handshake ({@link UpstreamHandshake}) and the retry after a lost session
 * ({@link UpstreamSessions}) are built on these operations once, for all.
 */
public interface UpstreamTransport {

    /**
     * Whatever must exist before the handshake (for legacy SSE, the event stream and the endpoint it
     * names). Answers the session id the handshake's requests carry (null: none until initialize assigns one).
     */
    Uni<String> connect(UpstreamTarget target);

    /** A request whose whole response the gateway needs itself (initialize, lists, setLevel). */
    Uni<UpstreamAnswer> call(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode request);

    /** A notification, or a response to the upstream's request. */
    Uni<Void> notify(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode message);

    /**
     * A client's request, relayed: what the upstream sends about it reaches the client's reply as it arrives
     * (a stream it opens is handed to {@code whileOpen}, whose answer runs when the stream ends). Fails with
     * a lost session ({@link UpstreamException#isSessionLost()}) so the caller can open a new one and retry.
     */
    Uni<RelayedAnswer> relay(UpstreamLink link, String protocolVersion, UpstreamRequest request, ClientReply reply,
            Function<ClientStream, Runnable> whileOpen);

    /**
     * Listens to what the upstream sends outside any request (its standalone stream), or with
     * {@code lastEventId} to the rest of a stream it closed early, into the sink made once it answers.
     */
    Uni<Listening> listen(UpstreamLink link, String lastEventId, Supplier<EventSink> sink);

    /** Ends an upstream session. */
    Uni<Void> close(UpstreamTarget target, String sessionId, String protocolVersion);
}

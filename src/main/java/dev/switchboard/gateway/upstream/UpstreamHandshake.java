package dev.switchboard.gateway.upstream;

import dev.switchboard.gateway.mcpsession.McpSessionState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Opens a session with every upstream of a server, in parallel, when a client initializes. An upstream
 * that fails drops out of this session (logged, counted) instead of failing the client's initialize.
 */
@ApplicationScoped
public class UpstreamHandshake {

    private static final Logger LOG = Logger.getLogger(UpstreamHandshake.class);

    @Inject
    Upstreams upstreams;

    @Inject
    UpstreamRevisions revisions;

    @Inject
    MeterRegistry metrics;

    /** Upstreams that may not be called (see {@link UpstreamTarget#unusable}) get no session. */
    public Uni<Map<String, UpstreamSession>> initializeAll(ResolvedServer server, JsonNode clientParams, String version) {
        List<Uni<Map.Entry<String, UpstreamSession>>> handshakes = server.upstreams().stream().filter(UpstreamTarget::isUsable)
                .map(target -> initialize(server, target, clientParams, version)).toList();
        if (handshakes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(handshakes).andFailFast().map(results -> {
            Map<String, UpstreamSession> sessions = new LinkedHashMap<>();
            results.stream().filter(r -> r != null).forEach(r -> sessions.put(r.getKey(), r.getValue()));
            return sessions;
        });
    }

    /**
     * Opens a new session with one upstream for an existing client session (the upstream lost the old one),
     * with what the client declared when it initialized.
     */
    public Uni<UpstreamSession> reopen(UpstreamTarget target, McpSessionState state) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("protocolVersion", state.clientIsStateless() ? ProtocolVersions.LATEST : state.protocolVersion());
        params.set("capabilities", state.clientCapabilities() == null ? JsonNodeFactory.instance.objectNode()
                : state.clientCapabilities());
        params.set("clientInfo", state.clientInfo() == null
                ? JsonNodeFactory.instance.objectNode().put("name", "switchboard").put("version", "0")
                : state.clientInfo());
        return open(target, params);
    }

    private Uni<Map.Entry<String, UpstreamSession>> initialize(ResolvedServer server, UpstreamTarget target, JsonNode clientParams, String version) {
        ObjectNode params = clientParams != null && clientParams.isObject()
                ? ((ObjectNode) clientParams).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        params.put("protocolVersion", version);
        return open(target, params).map(session -> Map.entry(target.slug(), session)).onFailure().recoverWithItem(failure -> {
            LOG.warnf("Upstream %s of server %s dropped out of a session: %s", target.slug(), server.id(),
                    UpstreamException.of(target.slug(), failure).getMessage());
            metrics.counter("switchboard.gateway.upstream.failures", "operation", "initialize").increment();
            return null;
        });
    }

    /**
     * The MCP handshake with one upstream, on whichever transport it speaks. One that speaks 2026-07-28 has
     * none: its revision and the capabilities it discovered are the whole session. Otherwise {@code initialize}
     * with these params, then {@code notifications/initialized}; answers the session the upstream opened, the
     * version it chose and the capabilities it declared. A connection made for a handshake that fails is closed.
     */
    public Uni<UpstreamSession> open(UpstreamTarget target, ObjectNode initializeParams) {
        return revisions.of(target).chain(revision -> revision.isModern()
                ? Uni.createFrom().item(ModernHttpUpstream.session(revision))
                : initializeSession(target, initializeParams));
    }

    private Uni<UpstreamSession> initializeSession(UpstreamTarget target, ObjectNode initializeParams) {
        UpstreamTransport transport = upstreams.of(target);
        String requested = initializeParams.path("protocolVersion").asText(null);
        ObjectNode request = JsonRpc.request(MessageIds.gateway("initialize"), "initialize", initializeParams);
        return transport.connect(target).chain(connection -> transport.call(target, connection, null, request)
                .chain(answer -> {
                    if (answer.result() == null) {
                        throw new UpstreamException(target.slug() + " refused initialize", 200);
                    }
                    UpstreamSession session = new UpstreamSession(answer.sessionId(),
                            answer.result().path("protocolVersion").asText(requested),
                            UpstreamHttp.capabilities(answer.result().path("capabilities")));
                    return transport.notify(target, session.sessionId(), session.protocolVersion(),
                            JsonRpc.notification("notifications/initialized")).replaceWith(session);
                })
                .onFailure().call(() -> transport.close(target, connection, null).onFailure().recoverWithNull()));
    }
}

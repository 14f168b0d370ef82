package dev.switchboard.gateway.upstream;

import dev.switchboard.gateway.mcpsession.McpSessionState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
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
    UpstreamClient upstreams;

    @Inject
    MeterRegistry metrics;

    public Uni<Map<String, UpstreamSession>> initializeAll(ResolvedServer server, JsonNode clientParams, String version) {
        if (server.upstreams().isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map.Entry<String, UpstreamSession>>> handshakes = server.upstreams().stream()
                .map(target -> initialize(server, target, clientParams, version)).toList();
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
        params.put("protocolVersion", state.protocolVersion());
        params.set("capabilities", state.clientCapabilities() == null ? JsonNodeFactory.instance.objectNode()
                : state.clientCapabilities());
        params.set("clientInfo", state.clientInfo() == null
                ? JsonNodeFactory.instance.objectNode().put("name", "switchboard").put("version", "0")
                : state.clientInfo());
        return upstreams.open(target, params);
    }

    private Uni<Map.Entry<String, UpstreamSession>> initialize(ResolvedServer server, UpstreamTarget target, JsonNode clientParams, String version) {
        ObjectNode params = clientParams != null && clientParams.isObject()
                ? ((ObjectNode) clientParams).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        params.put("protocolVersion", version);
        return upstreams.open(target, params).map(session -> Map.entry(target.slug(), session)).onFailure().recoverWithItem(failure -> {
            LOG.warnf("Upstream %s of server %s dropped out of a session: %s", target.slug(), server.id(), failure.getMessage());
            metrics.counter("switchboard.gateway.upstream.failures", "operation", "initialize").increment();
            return null;
        });
    }
}

package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.ProtocolVersions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.fanout.MergedCapabilities;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.upstream.UpstreamHandshake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * A client's {@code initialize}, on either transport: a session with every upstream (in parallel, an
 * upstream that fails drops out), the version negotiated, and the capabilities merged.
 */
@ApplicationScoped
class SessionInitializer {

    /** The new session's state and the response to the client's initialize. */
    record Initialized(McpSessionState state, ObjectNode response) {
    }

    @Inject
    UpstreamHandshake handshake;

    Uni<Initialized> initialize(GatewayCall call, ObjectNode message) {
        JsonNode params = message.path("params");
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").asText(null));
        return handshake.initializeAll(call.server(), params, version).map(sessions -> {
            McpSessionState state = new McpSessionState(call.server().tenantId().value(), call.userId(), call.server().id(), version, sessions,
                    params.path("capabilities").isObject() ? params.get("capabilities") : null,
                    params.path("clientInfo").isObject() ? params.get("clientInfo") : null, Instant.now().getEpochSecond());
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("protocolVersion", version);
            result.set("capabilities", MergedCapabilities.of(sessions.values()));
            result.putObject("serverInfo").put("name", "switchboard: " + call.server().name()).put("version", "0.1.0");
            return new Initialized(state, JsonRpc.result(message.get("id"), result));
        });
    }
}

package dev.switchboard.gateway.mcpsession;

import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.Sha256;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.GatewayCall;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Client sessions as the gateway sees them: sealed into the {@code Mcp-Session-Id} (no lookup to serve
 * one), valid for the session lifetime, and ended for every replica when the client DELETEs it (a row
 * that outlives the id by no more than its lifetime, which every replica keeps in {@link EndedSessions}).
 */
@ApplicationScoped
public class McpSessions {

    @Inject
    Secrets secrets;

    @Inject
    SwitchboardConfig config;

    @Inject
    EndedSessions ended;

    public String seal(McpSessionState state) {
        return SealedMcpSessionId.seal(secrets.require(), state);
    }

    /** The state, or null when the id is not a live session of this server, tenant and user. */
    public Uni<McpSessionState> open(String sessionId, GatewayCall call) {
        McpSessionState state = SealedMcpSessionId.open(secrets.require(), sessionId, call.server().id());
        if (state == null || !state.tenantId().equals(call.server().tenantId().value()) || !state.userId().equals(call.userId())
                || expiry(state).isBefore(Instant.now()) || ended.contains(Sha256.hex(sessionId))) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(state);
    }

    /** Ends a session for every replica. */
    public Uni<Void> end(String sessionId, McpSessionState state) {
        return ended.end(Sha256.hex(sessionId), state.tenantId(), expiry(state));
    }

    private Instant expiry(McpSessionState state) {
        return Instant.ofEpochSecond(state.issuedAt()).plus(config.gateway().sessionLifetime());
    }
}

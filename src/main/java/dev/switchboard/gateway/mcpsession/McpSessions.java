package dev.switchboard.gateway.mcpsession;

import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.Sha256;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.GatewayCall;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Client sessions as the gateway sees them: sealed into the {@code Mcp-Session-Id} (no lookup to serve
 * one), valid for the session lifetime, and ended for every replica when the client DELETEs it (a row
 * that outlives the id by no more than its lifetime).
 */
@ApplicationScoped
public class McpSessions {

    private static final String IS_ENDED = "select 1 from ended_mcp_session where session_hash = $1";
    private static final String END = """
            insert into ended_mcp_session (session_hash, tenant_id, expires_at) values ($1, $2, $3)
            on conflict (session_hash) do nothing""";
    private static final String PURGE = "delete from ended_mcp_session where expires_at < now()";

    @Inject
    Secrets secrets;

    @Inject
    SwitchboardConfig config;

    @Inject
    Pool pool;

    public String seal(McpSessionState state) {
        return SealedMcpSessionId.seal(secrets.require(), state);
    }

    /** The state, or null when the id is not a live session of this server, tenant and user. */
    public Uni<McpSessionState> open(String sessionId, GatewayCall call) {
        McpSessionState state = SealedMcpSessionId.open(secrets.require(), sessionId, call.server().id());
        if (state == null || !state.tenantId().equals(call.server().tenantId().value()) || !state.userId().equals(call.userId())
                || expiry(state).isBefore(Instant.now())) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery(IS_ENDED).execute(Tuple.of(Sha256.hex(sessionId)))
                .map(rows -> rows.iterator().hasNext() ? null : state);
    }

    /** Ends a session for every replica. */
    public Uni<Void> end(String sessionId, McpSessionState state) {
        OffsetDateTime expires = expiry(state).atOffset(ZoneOffset.UTC);
        return pool.preparedQuery(END).execute(Tuple.of(Sha256.hex(sessionId), state.tenantId(), expires))
                .chain(() -> pool.query(PURGE).execute()).replaceWithVoid();
    }

    private Instant expiry(McpSessionState state) {
        return Instant.ofEpochSecond(state.issuedAt()).plus(config.gateway().sessionLifetime());
    }
}

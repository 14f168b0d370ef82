package dev.switchboard.gateway.mcpsession;

import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.Sha256;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.GatewayCall;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client sessions as the gateway sees them: sealed into the {@code Mcp-Session-Id} (no lookup to serve
 * one), valid for the session lifetime, and ended for every replica when the client DELETEs it (a row
 * that outlives the id by no more than its lifetime, which every replica keeps in {@link EndedSessions}).
 * An id names one state for good (it is that state, sealed), so each replica keeps the ids it opened and
 * does not decrypt and parse the same id on every request; who may use it is still checked every time.
 */
@Singleton
public class McpSessions {

    @Inject
    Secrets secrets;

    @Inject
    SwitchboardConfig config;

    @Inject
    EndedSessions ended;

    /** Bounded: when full it starts over (a dropped id is opened again on its next request). */
    private static final int MAX_OPENED = 10_000;
    private final Map<OpenedId, Opened> opened = new ConcurrentHashMap<>();

    /** An id opened once, with what every request checks: its hash (the key of ended sessions) and its expiry. */
    private record Opened(McpSessionState state, String hash, long expiresAtMillis) {
    }

    /**
     * A sealed id as a map key, hashed by its last characters: they end in the cipher's authentication tag, as
     * random as any, where String's own hash read all ~600 of them on every request (a new String each time).
     * Equal only to the same whole id.
     */
    private record OpenedId(String id) {

        private static final int HASHED = 24;

        @Override
        public int hashCode() {
            int hash = 0;
            for (int i = Math.max(0, id.length() - HASHED); i < id.length(); i++) {
                hash = 31 * hash + id.charAt(i);
            }
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OpenedId that && id.equals(that.id);
        }
    }

    public String seal(McpSessionState state) {
        return SealedMcpSessionId.seal(secrets.require(), state);
    }

    /** The state, or null when the id is not a live session of this server, tenant and user. Nothing to wait for. */
    public McpSessionState open(String sessionId, GatewayCall call) {
        Opened session = opened(sessionId, call.server().id());
        if (session == null) {
            return null;
        }
        McpSessionState state = session.state();
        if (!state.tenantId().equals(call.server().tenantId().value()) || !state.userId().equals(call.userId())
                || session.expiresAtMillis() < System.currentTimeMillis() || ended.contains(session.hash())) {
            return null;
        }
        return state;
    }

    private Opened opened(String sessionId, String serverId) {
        OpenedId key = new OpenedId(sessionId);
        Opened session = opened.get(key);
        if (session != null) {
            return session.state().serverId().equals(serverId) ? session : null;
        }
        McpSessionState state = SealedMcpSessionId.open(secrets.require(), sessionId, serverId);
        if (state == null) {
            return null;
        }
        session = new Opened(state, Sha256.hex(sessionId), expiry(state).toEpochMilli());
        if (opened.size() >= MAX_OPENED) {
            opened.clear();
        }
        opened.put(key, session);
        return session;
    }

    /** Ends a session for every replica. */
    public Uni<Void> end(String sessionId, McpSessionState state) {
        return ended.end(Sha256.hex(sessionId), state.tenantId(), expiry(state));
    }

    private Instant expiry(McpSessionState state) {
        return Instant.ofEpochSecond(state.issuedAt()).plus(config.gateway().sessionLifetime());
    }
}

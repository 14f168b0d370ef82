package dev.switchboard.gateway.mcpsession;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.authconfig.crypto.SecretCipher;

/**
 * A client session's state sealed into its {@code Mcp-Session-Id} with the cluster key (AES-GCM), so any
 * replica can serve any request of the session without sticky routing or a lookup. The seal is bound to
 * the server id, and the state names tenant and user, which every request must match.
 */
public final class SealedMcpSessionId {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SealedMcpSessionId() {
    }

    public static String seal(SecretCipher cipher, McpSessionState state) {
        try {
            return cipher.sealToken(JSON.writeValueAsString(state), binding(state.serverId()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Session state is not serializable", e);
        }
    }

    /** The state, or null when the id is not one this cluster sealed for this server. */
    public static McpSessionState open(SecretCipher cipher, String sessionId, String serverId) {
        String opened = cipher.openToken(sessionId, binding(serverId));
        try {
            return opened == null ? null : JSON.readValue(opened, McpSessionState.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String binding(String serverId) {
        return "mcp-session/" + serverId;
    }
}

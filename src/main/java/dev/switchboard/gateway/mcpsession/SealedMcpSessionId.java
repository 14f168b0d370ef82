package dev.switchboard.gateway.mcpsession;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.authconfig.crypto.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
            SecretCipher.Sealed sealed = cipher.seal(JSON.writeValueAsString(state), binding(state.serverId()));
            byte[] keyId = sealed.keyId().getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[1 + keyId.length + sealed.bytes().length];
            out[0] = (byte) keyId.length;
            System.arraycopy(keyId, 0, out, 1, keyId.length);
            System.arraycopy(sealed.bytes(), 0, out, 1 + keyId.length, sealed.bytes().length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Session state is not serializable", e);
        }
    }

    /** The state, or null when the id is not one this cluster sealed for this server. */
    public static McpSessionState open(SecretCipher cipher, String sessionId, String serverId) {
        try {
            byte[] in = Base64.getUrlDecoder().decode(sessionId);
            int keyIdLength = in[0];
            String keyId = new String(in, 1, keyIdLength, StandardCharsets.UTF_8);
            byte[] sealed = java.util.Arrays.copyOfRange(in, 1 + keyIdLength, in.length);
            return JSON.readValue(cipher.open(new SecretCipher.Sealed(keyId, sealed), binding(serverId)), McpSessionState.class);
        } catch (RuntimeException | JsonProcessingException e) {
            return null;
        }
    }

    private static String binding(String serverId) {
        return "mcp-session/" + serverId;
    }
}

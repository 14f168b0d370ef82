package dev.switchboard.gateway.inputrequired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.inputrequired.SealedRequestState.Refusal;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.mcpsession.SealedMcpSessionId;
import dev.switchboard.tenancy.TenantId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealedRequestStateTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final SecretCipher CIPHER = new SecretCipher("k1", Map.of("k1", key(1)));

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private static GatewayCall call(String tenant, String server, String user) {
        return new GatewayCall(new ResolvedServer(new TenantId(tenant), server, "s", List.of(), false, true, List.of()), user, "key");
    }

    private static String sealed(long expiresAt) {
        return new SealedRequestState("mrtr_1", "ten_a", "alice", "mcp_1", "digest", expiresAt).seal(CIPHER);
    }

    @Test
    void opensForTheSameCallerAndCallBeforeItExpires() {
        SealedRequestState.Opened opened = SealedRequestState.open(CIPHER, sealed(NOW + 1), call("ten_a", "mcp_1", "alice"), "digest", NOW);
        assertNull(opened.refusal());
        assertEquals("mrtr_1", opened.state().pendingCallId());
    }

    @Test
    void refusesAnotherUserTenantServerOrCall() {
        String state = sealed(NOW + 1);
        assertEquals(Refusal.OTHER_CALL, SealedRequestState.open(CIPHER, state, call("ten_a", "mcp_1", "bob"), "digest", NOW).refusal());
        assertEquals(Refusal.OTHER_CALL, SealedRequestState.open(CIPHER, state, call("ten_b", "mcp_1", "alice"), "digest", NOW).refusal());
        assertEquals(Refusal.OTHER_CALL, SealedRequestState.open(CIPHER, state, call("ten_a", "mcp_1", "alice"), "other", NOW).refusal());
        // Sealed for another server: it does not even open.
        assertEquals(Refusal.NOT_SEALED_HERE, SealedRequestState.open(CIPHER, state, call("ten_a", "mcp_2", "alice"), "digest", NOW).refusal());
    }

    @Test
    void refusesAnExpiredTamperedForeignOrMissingState() {
        GatewayCall alice = call("ten_a", "mcp_1", "alice");
        assertEquals(Refusal.EXPIRED, SealedRequestState.open(CIPHER, sealed(NOW - 1), alice, "digest", NOW).refusal());
        String state = sealed(NOW + 1);
        String flipped = state.substring(0, state.length() - 2) + (state.charAt(state.length() - 2) == 'A' ? 'B' : 'A')
                + state.charAt(state.length() - 1);
        assertEquals(Refusal.NOT_SEALED_HERE, SealedRequestState.open(CIPHER, flipped, alice, "digest", NOW).refusal());
        assertEquals(Refusal.NOT_SEALED_HERE, SealedRequestState.open(CIPHER, "not base64 !", alice, "digest", NOW).refusal());
        assertEquals(Refusal.NOT_SEALED_HERE, SealedRequestState.open(CIPHER, null, alice, "digest", NOW).refusal());
        SecretCipher otherCluster = new SecretCipher("k1", Map.of("k1", key(2)));
        assertEquals(Refusal.NOT_SEALED_HERE, SealedRequestState.open(otherCluster, state, alice, "digest", NOW).refusal());
    }

    @Test
    void aSealedSessionIdDoesNotOpenAsARequestState() {
        String sessionId = SealedMcpSessionId.seal(CIPHER, new McpSessionState("ten_a", "alice", "mcp_1", "2025-11-25",
                Map.of(), null, null, NOW / 1000));
        assertEquals(Refusal.NOT_SEALED_HERE,
                SealedRequestState.open(CIPHER, sessionId, call("ten_a", "mcp_1", "alice"), "digest", NOW).refusal());
    }
}

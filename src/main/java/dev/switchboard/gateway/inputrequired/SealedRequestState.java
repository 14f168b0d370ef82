package dev.switchboard.gateway.inputrequired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.gateway.GatewayCall;

/**
 * The {@code requestState} of an {@code input_required} result: which pending call the retry completes,
 * sealed with the cluster key (AES-GCM, its own associated data, so neither a session id nor another
 * server's state opens as one) and bound to tenant, user, server, the call's digest and an expiry. The
 * client gets it as an opaque token; a retry whose token does not open, or names another caller, call or a
 * past time, is refused before anything is forwarded.
 */
record SealedRequestState(String pendingCallId, String tenantId, String userId, String serverId, String callDigest,
        long expiresAtMillis) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why a state cannot be used for this retry. */
    enum Refusal {
        NOT_SEALED_HERE, OTHER_CALL, EXPIRED
    }

    /** An opened state, or why it was refused. */
    record Opened(SealedRequestState state, Refusal refusal) {
    }

    String seal(SecretCipher cipher) {
        try {
            return cipher.sealToken(JSON.writeValueAsString(this), binding(serverId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Request state is not serializable", e);
        }
    }

    /** Opens a client's {@code requestState} for a retry of {@code callDigest} by this caller. */
    static Opened open(SecretCipher cipher, String token, GatewayCall call, String callDigest, long nowMillis) {
        String text = token == null ? null : cipher.openToken(token, binding(call.server().id()));
        SealedRequestState state;
        try {
            state = text == null ? null : JSON.readValue(text, SealedRequestState.class);
        } catch (JsonProcessingException e) {
            state = null;
        }
        if (state == null) {
            return new Opened(null, Refusal.NOT_SEALED_HERE);
        }
        if (!state.tenantId.equals(call.server().tenantId().value()) || !state.userId.equals(call.userId())
                || !state.serverId.equals(call.server().id()) || !state.callDigest.equals(callDigest)) {
            return new Opened(null, Refusal.OTHER_CALL);
        }
        return state.expiresAtMillis < nowMillis ? new Opened(null, Refusal.EXPIRED) : new Opened(state, null);
    }

    private static String binding(String serverId) {
        return "mcp-request-state/" + serverId;
    }
}

package dev.switchboard.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes high-entropy bearer secrets (API keys, session tokens) for storage and lookup. A fast hash
 * is right here: the secrets are random 256-bit values, so there is nothing to brute-force.
 */
public final class Sha256 {

    private static final HexFormat HEX = HexFormat.of();
    /** The gateway hashes the caller's key on every request; looking the algorithm up each time cost more than hashing. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    public static String hex(String value) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return HEX.formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

package dev.switchboard.connection.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** The random values of one authorization: the OAuth {@code state}, and the PKCE (RFC 7636) verifier and its S256 challenge. */
public final class AuthorizationSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private AuthorizationSecrets() {
    }

    /** 256 random bits, base64url: unguessable, and safe in a URL as it is. */
    public static String newState() {
        return random(32);
    }

    /** 256 random bits as 43 base64url characters, which RFC 7636 allows as a verifier. */
    public static String newVerifier() {
        return random(32);
    }

    /** {@code BASE64URL(SHA256(ASCII(verifier)))}, the S256 challenge. */
    public static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return BASE64URL.encodeToString(value);
    }
}

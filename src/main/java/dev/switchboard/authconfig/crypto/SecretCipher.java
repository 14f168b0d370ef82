package dev.switchboard.authconfig.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest. Each ciphertext names the key that sealed it (so keys can rotate:
 * new secrets use the active key, old ones still open with the key they name) and is bound to its
 * row by associated data, so a ciphertext copied to another row or tenant does not open.
 */
public final class SecretCipher {

    /** A sealed secret: the key id, and nonce followed by ciphertext and tag. */
    public record Sealed(String keyId, byte[] bytes) {
    }

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Looking a cipher up costs more than using it, and the gateway opens a sealed session id on every request:
     * each thread keeps one, initialized afresh (new nonce) for every use.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys;

    /** @param keys every key that may open a stored secret, by id; {@code activeKeyId} seals new ones */
    public SecretCipher(String activeKeyId, Map<String, byte[]> keys) {
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("No key with the active key id '" + activeKeyId + "'");
        }
        keys.forEach((id, key) -> {
            if (key.length != 32) {
                throw new IllegalArgumentException("Encryption key '" + id + "' must be 32 bytes (base64 of 32 random bytes), not " + key.length);
            }
        });
        this.activeKeyId = activeKeyId;
        this.keys = keys.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> new SecretKeySpec(e.getValue(), "AES")));
    }

    public Sealed seal(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), nonce, associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + ciphertext.length);
            System.arraycopy(ciphertext, 0, sealed, NONCE_BYTES, ciphertext.length);
            return new Sealed(activeKeyId, sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String open(Sealed sealed, String associatedData) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("The secret was sealed with key '" + sealed.keyId() + "', which is not configured");
        }
        byte[] bytes = sealed.bytes();
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(bytes, NONCE_BYTES), associatedData);
            byte[] plaintext = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The secret does not open: wrong key, wrong row or tampered ciphertext", e);
        }
    }

    /**
     * Seals text into one URL-safe token that names its key (for values handed to clients and given back,
     * such as sealed MCP session ids and request states); {@link #openToken} opens it.
     */
    public String sealToken(String plaintext, String associatedData) {
        Sealed sealed = seal(plaintext, associatedData);
        byte[] keyId = sealed.keyId().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + keyId.length + sealed.bytes().length];
        out[0] = (byte) keyId.length;
        System.arraycopy(keyId, 0, out, 1, keyId.length);
        System.arraycopy(sealed.bytes(), 0, out, 1 + keyId.length, sealed.bytes().length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** The text of a token {@link #sealToken} made with the same associated data, or null when it does not open. */
    public String openToken(String token, String associatedData) {
        try {
            byte[] in = Base64.getUrlDecoder().decode(token);
            int keyIdLength = in[0];
            String keyId = new String(in, 1, keyIdLength, StandardCharsets.UTF_8);
            byte[] sealed = Arrays.copyOfRange(in, 1 + keyIdLength, in.length);
            return open(new Sealed(keyId, sealed), associatedData);
        } catch (RuntimeException notSealedHere) {
            return null;
        }
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce, String associatedData)
            throws GeneralSecurityException {
        Cipher cipher = CIPHERS.get();
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}

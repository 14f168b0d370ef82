package dev.switchboard.connection.link;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The link form's CSRF guard: a double-submit cookie whose hidden-field twin is sealed (AES-GCM, the secrets key)
 * and bound to the link, so a field made for one link, or forged without the key, does not open for another, and
 * a page on another site can neither read the cookie nor set a matching field. Works on every replica.
 */
@ApplicationScoped
public class LinkCsrf {

    /** What the form page hands out: the cookie's value and the hidden field's. */
    public record Pair(String cookie, String field) {
    }

    @Inject
    Secrets secrets;

    public Pair issue(String token) {
        String nonce = SecureIds.newSecret("csrf");
        SecretCipher.Sealed sealed = secrets.require().seal(nonce, binding(token));
        return new Pair(nonce, sealed.keyId() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.bytes()));
    }

    /** Whether the posted field was made for this link and matches the cookie the browser sent. */
    public boolean verify(String token, String cookie, String field) {
        if (cookie == null || field == null) {
            return false;
        }
        int dot = field.lastIndexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(field.substring(dot + 1));
            String nonce = secrets.require().open(new SecretCipher.Sealed(field.substring(0, dot), bytes), binding(token));
            return MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException forgedOrForAnotherLink) {
            return false;
        }
    }

    private static String binding(String token) {
        return "link-csrf/" + Sha256.hex(token);
    }
}

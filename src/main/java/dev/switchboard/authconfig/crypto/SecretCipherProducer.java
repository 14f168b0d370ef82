package dev.switchboard.authconfig.crypto;

import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.config.SwitchboardConfig;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Builds the {@link SecretCipher} from configuration; without a key, storing a secret fails clearly. */
public class SecretCipherProducer {

    private static final Logger LOG = Logger.getLogger(SecretCipherProducer.class);

    /** The cipher, or empty when no key is configured (a tenant may still use auth scheme {@code none}). */
    public record Secrets(Optional<SecretCipher> cipher) {

        public SecretCipher require() {
            return cipher.orElseThrow(() -> new ProblemException(500, "Encryption key missing",
                    "Switchboard has no encryption key (SWITCHBOARD_ENCRYPTION_KEY), so it cannot store or read secrets",
                    List.of()));
        }
    }

    @Produces
    @Singleton
    Secrets secrets(SwitchboardConfig config) {
        SwitchboardConfig.Encryption encryption = config.encryption();
        Optional<String> active = encryption.key().filter(k -> !k.isBlank());
        if (active.isEmpty()) {
            LOG.warn("SWITCHBOARD_ENCRYPTION_KEY is not set: auth configs with secrets cannot be stored");
            return new Secrets(Optional.empty());
        }
        Map<String, byte[]> keys = new HashMap<>();
        encryption.previousKeys().forEach((id, key) -> keys.put(id, decode(id, key)));
        keys.put(encryption.keyId(), decode(encryption.keyId(), active.get()));
        return new Secrets(Optional.of(new SecretCipher(encryption.keyId(), keys)));
    }

    private static byte[] decode(String id, String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Encryption key '" + id + "' is not valid base64", e);
        }
    }
}

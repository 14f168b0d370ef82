package dev.switchboard.authconfig.crypto;

import dev.switchboard.config.SwitchboardConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Builds the {@link SecretCipher} from configuration. */
public class SecretCipherProducer {

    /** The cipher. Start-up fails without a key, so every component can rely on it. */
    public record Secrets(SecretCipher cipher) {

        public SecretCipher require() {
            return cipher;
        }
    }

    /**
     * Built at start-up: the gateway seals every MCP session id and the API stores every secret with this
     * key, so a replica without one (or with a key that is not 32 bytes) refuses to start and says why,
     * rather than accept requests it cannot serve.
     */
    @Produces
    @Singleton
    @Startup
    Secrets secrets(SwitchboardConfig config) {
        SwitchboardConfig.Encryption encryption = config.encryption();
        String active = encryption.key().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "SWITCHBOARD_ENCRYPTION_KEY is not set. Switchboard needs it to seal MCP session ids and encrypt secrets: "
                        + "set it to the base64 of 32 random bytes, e.g. SWITCHBOARD_ENCRYPTION_KEY=\"$(openssl rand -base64 32)\", "
                        + "the same on every replica (the Helm chart reads it from its Secret)"));
        Map<String, byte[]> keys = new HashMap<>();
        encryption.previousKeys().forEach((id, key) -> keys.put(id, decode(id, key)));
        keys.put(encryption.keyId(), decode(encryption.keyId(), active));
        return new Secrets(new SecretCipher(encryption.keyId(), keys));
    }

    private static byte[] decode(String id, String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Encryption key '" + id + "' (SWITCHBOARD_ENCRYPTION_KEY) is not valid base64", e);
        }
    }
}

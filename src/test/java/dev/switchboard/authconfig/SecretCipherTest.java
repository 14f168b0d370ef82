package dev.switchboard.authconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.authconfig.crypto.SecretCipher;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void sealsAndOpensBoundToItsRow() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", key(1)));
        SecretCipher.Sealed sealed = cipher.seal("token-123", "ten_a/ac_1");
        assertEquals("k1", sealed.keyId());
        assertEquals("token-123", cipher.open(sealed, "ten_a/ac_1"));
        assertThrows(IllegalStateException.class, () -> cipher.open(sealed, "ten_b/ac_1"));
    }

    @Test
    void usesAFreshNonceEachTime() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", key(1)));
        assertNotEquals(Arrays.toString(cipher.seal("same", "x").bytes()), Arrays.toString(cipher.seal("same", "x").bytes()));
    }

    @Test
    void detectsTampering() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", key(1)));
        SecretCipher.Sealed sealed = cipher.seal("secret", "row");
        byte[] bytes = sealed.bytes().clone();
        bytes[bytes.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> cipher.open(new SecretCipher.Sealed("k1", bytes), "row"));
    }

    @Test
    void oneThreadsReusedCipherSealsAndOpensAfterAFailure() {
        SecretCipher cipher = new SecretCipher("k1", Map.of("k1", key(1)));
        SecretCipher.Sealed first = cipher.seal("first", "row");
        byte[] tampered = first.bytes().clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> cipher.open(new SecretCipher.Sealed("k1", tampered), "row"));
        for (int i = 0; i < 100; i++) {
            SecretCipher.Sealed sealed = cipher.seal("secret " + i, "row " + i);
            assertEquals("secret " + i, cipher.open(sealed, "row " + i));
        }
        assertEquals("first", cipher.open(first, "row"));
    }

    @Test
    void rotatedKeysStillOpenOldSecrets() {
        SecretCipher before = new SecretCipher("k1", Map.of("k1", key(1)));
        SecretCipher.Sealed old = before.seal("old secret", "row");
        SecretCipher after = new SecretCipher("k2", Map.of("k1", key(1), "k2", key(2)));
        assertEquals("old secret", after.open(old, "row"));
        assertEquals("k2", after.seal("new", "row").keyId());
        SecretCipher forgotten = new SecretCipher("k2", Map.of("k2", key(2)));
        assertThrows(IllegalStateException.class, () -> forgotten.open(old, "row"));
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher("k1", Map.of("k1", new byte[16])));
        assertThrows(IllegalArgumentException.class, () -> new SecretCipher("missing", Map.of("k1", key(1))));
    }
}

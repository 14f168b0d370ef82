package dev.switchboard.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecureIdsTest {

    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    @Test
    void idsAndSecretsHaveTheirPrefixAndLengthInBase62() {
        assertTrue(SecureIds.newId("aud").matches("aud_[0-9a-zA-Z]{22}"));
        assertTrue(SecureIds.newSecret("sbk").matches("sbk_[0-9a-zA-Z]{43}"));
    }

    /** Every one of the 62 characters is drawn about equally often: none is lost or favoured by the bit mapping. */
    @Test
    void charactersAreUniformOverTheAlphabet() {
        int ids = 20_000;
        int[] seen = new int[128];
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < ids; i++) {
            String id = SecureIds.newId("x");
            distinct.add(id);
            for (char c : id.substring(2).toCharArray()) {
                seen[c]++;
            }
        }
        assertEquals(ids, distinct.size());
        double expected = ids * 22.0 / ALPHABET.length();
        for (char c : ALPHABET.toCharArray()) {
            assertTrue(Math.abs(seen[c] - expected) < expected * 0.1, c + " drawn " + seen[c] + " times, expected ~" + expected);
        }
    }
}

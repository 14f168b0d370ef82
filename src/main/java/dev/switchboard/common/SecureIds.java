package dev.switchboard.common;

import java.security.SecureRandom;

/** Prefixed, unguessable identifiers and secrets ({@code mcp_…}, {@code ac_…}, {@code sbk_…}). */
public final class SecureIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private SecureIds() {
    }

    /** An id with 22 base62 characters (about 131 bits of randomness) after the prefix. */
    public static String newId(String prefix) {
        return prefix + "_" + randomBase62(22);
    }

    /** A bearer secret with 43 base62 characters (about 256 bits of randomness) after the prefix. */
    public static String newSecret(String prefix) {
        return prefix + "_" + randomBase62(43);
    }

    /**
     * {@code length} uniform base62 characters: the low six bits of random bytes, dropping 62 and 63. One
     * {@code nextBytes} per batch rather than one synchronized {@code nextInt} per character.
     */
    public static String randomBase62(int length) {
        char[] chars = new char[length];
        byte[] random = new byte[length + 8];
        int filled = 0;
        while (filled < length) {
            RANDOM.nextBytes(random);
            for (int i = 0; i < random.length && filled < length; i++) {
                int sixBits = random[i] & 0x3F;
                if (sixBits < ALPHABET.length) {
                    chars[filled++] = ALPHABET[sixBits];
                }
            }
        }
        return new String(chars);
    }
}

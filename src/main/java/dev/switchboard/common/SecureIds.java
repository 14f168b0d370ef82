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

    private static String randomBase62(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}

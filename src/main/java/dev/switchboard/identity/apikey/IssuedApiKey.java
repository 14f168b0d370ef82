package dev.switchboard.identity.apikey;

/** A newly created key together with its secret, which exists only in this answer. */
public record IssuedApiKey(ApiKeyEntity key, String secret) {
}

package dev.switchboard.connection.exchange;

import dev.switchboard.common.cache.LeastRecentlyUsed;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The tokens the IdP issued by exchange, one per (tenant, user, auth config), kept until shortly before they expire.
 * An entry serves only SSO tokens of the IdP login session it was exchanged for ({@code sid}): after the user logged
 * out and in again the next call exchanges anew. It is also never used past the SSO token it was exchanged for, so
 * the IdP is asked again (and can refuse a user it disabled or logged out) at least once per SSO token lifetime.
 * A token asked for before entries were dropped is not kept: the drop may have been for what it was asked with.
 * Bounded: the least recently used entry goes first. No I/O; thread-safe.
 */
final class ExchangedTokenCache {

    /** An exchanged token and until when it may be sent; {@code sessionId} is the IdP session of the SSO token. */
    record Entry(String token, String sessionId, Instant usableUntil) {

        @Override
        public String toString() {
            return "Entry[***, sessionId=" + sessionId + ", usableUntil=" + usableUntil + "]";
        }
    }

    private final Map<String, Entry> entries;
    private long drops;

    ExchangedTokenCache(int maxEntries) {
        this.entries = LeastRecentlyUsed.map(maxEntries);
    }

    static String key(String tenantId, String userId, String authConfigId) {
        return tenantId + '\n' + userId + '\n' + authConfigId;
    }

    /** The token kept for this key if it may serve an SSO token of this IdP session now; else none, and it is forgotten. */
    synchronized String find(String key, String sessionId, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.usableUntil()) || !sameSession(entry.sessionId(), sessionId)) {
            entries.remove(key);
            return null;
        }
        return entry.token();
    }

    /** How many times entries were dropped so far: read before asking the IdP, handed to {@link #keep}. */
    synchronized long drops() {
        return drops;
    }

    /**
     * Keeps an entry when it is usable past {@code now} (a token about to expire is used once, not kept) and no
     * entries were dropped since {@code dropsBefore}.
     */
    synchronized void keep(String key, Entry entry, Instant now, long dropsBefore) {
        if (now.isBefore(entry.usableUntil()) && drops == dropsBefore) {
            entries.put(key, entry);
        }
    }

    /** The IdP refused this user's SSO token (logged out, disabled, session ended): none of their tokens is used again. */
    synchronized void evictUser(String tenantId, String userId) {
        drops++;
        String prefix = tenantId + '\n' + userId + '\n';
        entries.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** An auth config of the tenant changed (or every tenant's, for null). */
    synchronized void evictTenant(String tenantId) {
        drops++;
        if (tenantId == null) {
            entries.clear();
        } else {
            entries.keySet().removeIf(key -> key.startsWith(tenantId + '\n'));
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /**
     * Until when an exchanged token may be sent: before it expires and before the SSO token it was exchanged for
     * expires, each less the margin.
     */
    static Instant usableUntil(Instant exchangedExpiresAt, Instant ssoTokenExpiresAt, Duration margin) {
        Instant first = exchangedExpiresAt.isBefore(ssoTokenExpiresAt) ? exchangedExpiresAt : ssoTokenExpiresAt;
        return first.minus(margin);
    }

    private static boolean sameSession(String kept, String given) {
        return kept == null ? given == null : kept.equals(given);
    }
}

package dev.switchboard.connection.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExchangedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final String ALICE_ACME = ExchangedTokenCache.key("acme", "alice", "ac_1");

    @Test
    void aTokenServesItsLoginSessionUntilItsUsableEnd() {
        ExchangedTokenCache cache = new ExchangedTokenCache(10);
        cache.keep(ALICE_ACME, new ExchangedTokenCache.Entry("t1", "sid-1", NOW.plusSeconds(60)), NOW, cache.drops());

        assertEquals("t1", cache.find(ALICE_ACME, "sid-1", NOW.plusSeconds(59)));
        assertNull(cache.find(ExchangedTokenCache.key("acme", "alice", "ac_2"), "sid-1", NOW));
        assertNull(cache.find(ExchangedTokenCache.key("globex", "alice", "ac_1"), "sid-1", NOW));
        assertNull(cache.find(ALICE_ACME, "sid-1", NOW.plusSeconds(60)), "expired");
        assertEquals(0, cache.size(), "an expired entry is forgotten");
    }

    @Test
    void anotherLoginSessionDropsTheToken() {
        ExchangedTokenCache cache = new ExchangedTokenCache(10);
        cache.keep(ALICE_ACME, new ExchangedTokenCache.Entry("t1", "sid-1", NOW.plusSeconds(60)), NOW, cache.drops());

        assertNull(cache.find(ALICE_ACME, "sid-2", NOW));
        assertNull(cache.find(ALICE_ACME, "sid-1", NOW), "the old session's token is gone too");
    }

    @Test
    void aTokenAlreadyPastItsUsableEndIsNotKept() {
        ExchangedTokenCache cache = new ExchangedTokenCache(10);
        cache.keep(ALICE_ACME, new ExchangedTokenCache.Entry("t1", null, NOW), NOW, cache.drops());
        assertEquals(0, cache.size());
    }

    @Test
    void aTokenAskedForBeforeADropIsNotKept() {
        ExchangedTokenCache cache = new ExchangedTokenCache(10);
        long dropsBefore = cache.drops();
        cache.evictTenant("acme");
        cache.keep(ALICE_ACME, new ExchangedTokenCache.Entry("t1", "sid-1", NOW.plusSeconds(60)), NOW, dropsBefore);
        assertEquals(0, cache.size(), "its auth config may have changed while the IdP answered");
        cache.keep(ALICE_ACME, new ExchangedTokenCache.Entry("t2", "sid-1", NOW.plusSeconds(60)), NOW, cache.drops());
        assertEquals("t2", cache.find(ALICE_ACME, "sid-1", NOW), "one asked for after the drop is kept");
    }

    @Test
    void usableUntilTheFirstOfBothExpiriesLessTheMargin() {
        Duration margin = Duration.ofSeconds(30);
        assertEquals(NOW.plusSeconds(270), ExchangedTokenCache.usableUntil(NOW.plusSeconds(300), NOW.plusSeconds(600), margin));
        assertEquals(NOW.plusSeconds(90), ExchangedTokenCache.usableUntil(NOW.plusSeconds(300), NOW.plusSeconds(120), margin));
    }

    @Test
    void evictsAUserATenantAndTheLeastRecentlyUsed() {
        ExchangedTokenCache cache = new ExchangedTokenCache(3);
        Instant later = NOW.plusSeconds(60);
        cache.keep(ALICE_ACME, new ExchangedTokenCache.Entry("a1", null, later), NOW, cache.drops());
        cache.keep(ExchangedTokenCache.key("acme", "alice", "ac_2"), new ExchangedTokenCache.Entry("a2", null, later), NOW, cache.drops());
        cache.keep(ExchangedTokenCache.key("acme", "alicia", "ac_1"), new ExchangedTokenCache.Entry("b1", null, later), NOW, cache.drops());

        cache.evictUser("acme", "alice");
        assertEquals(1, cache.size());
        assertEquals("b1", cache.find(ExchangedTokenCache.key("acme", "alicia", "ac_1"), null, NOW), "a user whose id starts alike stays");

        cache.keep(ExchangedTokenCache.key("globex", "carol", "ac_9"), new ExchangedTokenCache.Entry("c1", null, later), NOW, cache.drops());
        cache.evictTenant("acme");
        assertEquals(1, cache.size());

        cache.keep(ALICE_ACME, new ExchangedTokenCache.Entry("a1", null, later), NOW, cache.drops());
        cache.keep(ExchangedTokenCache.key("acme", "bob", "ac_1"), new ExchangedTokenCache.Entry("b1", null, later), NOW, cache.drops());
        cache.find(ExchangedTokenCache.key("globex", "carol", "ac_9"), null, NOW);
        cache.keep(ExchangedTokenCache.key("acme", "dave", "ac_1"), new ExchangedTokenCache.Entry("d1", null, later), NOW, cache.drops());
        assertEquals(3, cache.size());
        assertNull(cache.find(ALICE_ACME, null, NOW), "the least recently used went first");
        assertEquals("c1", cache.find(ExchangedTokenCache.key("globex", "carol", "ac_9"), null, NOW));
    }
}

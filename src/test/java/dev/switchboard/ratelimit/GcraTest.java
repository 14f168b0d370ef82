package dev.switchboard.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limiter's arithmetic with time given by the test: refill, burst, several keys at once. */
class GcraTest {

    private static final long SECOND = 1_000_000_000L;

    private final Map<String, Long> tats = new HashMap<>();
    private long now = 1_000 * SECOND;

    @Test
    void aBurstIsAdmittedAtOnceAndTheNextRequestWaitsOneEmissionInterval() {
        LimitedKey user = key(KeyKind.USER, "u", new Limit(2, LimitWindow.SECOND, 3));
        for (int remaining = 2; remaining >= 0; remaining--) {
            Decision decision = decide(user);
            assertTrue(decision.admitted());
            assertEquals(remaining, decision.remaining());
        }
        Decision refused = decide(user);
        assertFalse(refused.admitted());
        assertEquals(SECOND / 2, refused.retryAfterNanos());
        assertEquals(user, refused.binding());
    }

    @Test
    void permitsComeBackAtTheRateAndNeverBeyondTheBurst() {
        LimitedKey user = key(KeyKind.USER, "u", new Limit(60, LimitWindow.MINUTE, 2));
        assertTrue(decide(user).admitted());
        assertTrue(decide(user).admitted());
        assertFalse(decide(user).admitted());
        now += SECOND;
        assertTrue(decide(user).admitted());
        assertFalse(decide(user).admitted());
        now += 100 * SECOND;
        assertTrue(decide(user).admitted());
        assertTrue(decide(user).admitted());
        assertFalse(decide(user).admitted());
    }

    @Test
    void aRequestIsAdmittedOnlyIfEveryKeyAdmitsItAndARefusalConsumesNothing() {
        LimitedKey tenant = key(KeyKind.TENANT, "t", new Limit(10, LimitWindow.SECOND, 10));
        LimitedKey tight = key(KeyKind.USER, "u1", new Limit(1, LimitWindow.MINUTE, 1));
        LimitedKey other = key(KeyKind.USER, "u2", new Limit(1, LimitWindow.MINUTE, 1));
        assertTrue(decide(tenant, tight).admitted());
        Map<String, Long> before = new HashMap<>(tats);
        Decision refused = decide(tenant, tight);
        assertFalse(refused.admitted());
        assertEquals(tight, refused.binding());
        assertEquals(60 * SECOND, refused.retryAfterNanos());
        assertEquals(before, tats, "a refused request charged no key");
        Decision admitted = decide(tenant, other);
        assertTrue(admitted.admitted());
        assertEquals(other, admitted.binding(), "the binding key is the one with the fewest requests left");
        assertEquals(8, (SECOND - (tats.get("t") - now)) / (SECOND / 10), "the tenant was charged twice");
    }

    @Test
    void aRaisedLimitAppliesAtOnceInsteadOfAfterTheDebtOfTheOldOne() {
        assertTrue(decide(key(KeyKind.USER, "u", new Limit(1, LimitWindow.MINUTE, 1))).admitted());
        assertFalse(decide(key(KeyKind.USER, "u", new Limit(1, LimitWindow.MINUTE, 1))).admitted());

        LimitedKey raised = key(KeyKind.USER, "u", new Limit(10, LimitWindow.SECOND, 10));
        Decision first = decide(raised);
        assertTrue(first.admitted(), "admitted at once, not after the old minute");
        assertEquals(0, first.remaining(), "and the key counts as fully used under the new limit");
        Decision next = decide(raised);
        assertFalse(next.admitted());
        assertEquals(SECOND / 10, next.retryAfterNanos(), "one emission interval of the new limit");
        now += SECOND / 10;
        assertTrue(decide(raised).admitted());
    }

    @Test
    void theLongestWaitOfSeveralRefusingKeysIsTheOneReported() {
        LimitedKey perSecond = key(KeyKind.TENANT, "t", new Limit(1, LimitWindow.SECOND, 1));
        LimitedKey perMinute = key(KeyKind.TOOL, "k", new Limit(1, LimitWindow.MINUTE, 1));
        assertTrue(decide(perSecond, perMinute).admitted());
        Decision refused = decide(perSecond, perMinute);
        assertEquals(perMinute, refused.binding());
        assertEquals(60 * SECOND, refused.retryAfterNanos());
    }

    @Test
    void theAnswerHeadersNameOnlyTheKindsAndRoundTheWaitUp() {
        LimitedKey user = key(KeyKind.USER, "u:secret-user", new Limit(1, LimitWindow.MINUTE, 1));
        decide(user);
        now += SECOND / 2;
        Decision refused = decide(user);
        Map<String, String> headers = RateLimitAnswers.headers(List.of(user), refused);
        assertEquals("\"user\";q=1;w=60", headers.get("RateLimit-Policy"));
        assertEquals("\"user\";r=0;t=60", headers.get("RateLimit"));
        assertEquals("60", headers.get("Retry-After"));
        assertEquals(59_500, RateLimitAnswers.retryAfterMillis(refused));
        assertFalse(headers.toString().contains("secret-user"));
    }

    @Test
    void keptKeysGiveTheSamePolicyAsAnyListOfThem() {
        List<LimitedKey> keys = List.of(key(KeyKind.TENANT, "t", new Limit(100, LimitWindow.SECOND, 200)),
                key(KeyKind.USER, "u", new Limit(60, LimitWindow.MINUTE, 2)));
        LimitedKeys kept = new LimitedKeys(keys);
        assertEquals(keys, kept);
        Decision admitted = Gcra.decide(kept, now, tats::get, tats::put);
        assertEquals("\"tenant\";q=100;w=1, \"user\";q=60;w=60", RateLimitAnswers.headers(kept, admitted).get("RateLimit-Policy"));
        assertEquals(RateLimitAnswers.headers(keys, admitted), RateLimitAnswers.headers(kept, admitted));
        assertSame(kept.policy(), kept.policy(), "made once");
    }

    @Test
    void theInMemoryStoreStaysWithinItsBoundAndDropsExpiredKeysFirst() {
        InMemoryRateLimitStore store = new InMemoryRateLimitStore(() -> now, 10);
        Limit limit = new Limit(1, LimitWindow.SECOND, 1);
        for (int i = 0; i < 8; i++) {
            store.decideNow(List.of(key(KeyKind.USER, "old" + i, limit)));
        }
        now += 2 * SECOND;
        LimitedKey live = key(KeyKind.USER, "live", limit);
        assertTrue(store.decideNow(List.of(live)).admitted());
        for (int i = 0; i < 5; i++) {
            store.decideNow(List.of(key(KeyKind.USER, "new" + i, limit)));
        }
        assertTrue(store.size() <= 10, "size " + store.size());
        assertFalse(store.decideNow(List.of(live)).admitted(), "a live key survived the sweep of expired ones");
    }

    private Decision decide(LimitedKey... keys) {
        return Gcra.decide(List.of(keys), now, tats::get, tats::put);
    }

    private static LimitedKey key(KeyKind kind, String id, Limit limit) {
        return new LimitedKey(kind, id, limit);
    }
}

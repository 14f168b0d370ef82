package dev.switchboard.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.OwnRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Redis (the test's own) stopped while limits fail open: requests are admitted unchecked, and counted. */
@QuarkusTest
@TestProfile(RedisOutageTest.FailOpen.class)
class RedisOutageTest {

    public static class FailOpen implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.ratelimit.store", "redis", "quarkus.redis.hosts", OwnRedis.url(),
                    "switchboard.ratelimit.fail-open", "true");
        }
    }

    @Inject
    RateLimitStore store;

    @Inject
    MeterRegistry metrics;

    @AfterAll
    static void stopRedis() throws InterruptedException {
        OwnRedis.stop();
    }

    @Test
    void whileRedisIsDownRequestsAreAdmittedUncheckedAndReadinessDoesNotDependOnIt() throws Exception {
        OwnRedis.start();
        LimitedKey once = new LimitedKey(KeyKind.USER, "u:{" + UUID.randomUUID() + "}:a", new Limit(1, LimitWindow.MINUTE, 1));
        assertTrue(decide(once).admitted());
        assertFalse(decide(once).admitted(), "Redis counts while it is up");

        OwnRedis.stop();
        double errorsBefore = errors();
        for (int i = 0; i < 3; i++) {
            Decision unchecked = decide(once);
            assertTrue(unchecked.admitted());
            assertNull(unchecked.binding(), "admitted without a count");
        }
        assertEquals(errorsBefore + 3, errors());
        given().get("/q/health/ready").then().statusCode(200).body(not(containsString("Redis")));

        OwnRedis.start();
        Decision counted = decide(once);
        assertTrue(counted.admitted());
        assertEquals(KeyKind.USER, counted.binding().kind(), "counted again once Redis is back");
    }

    @Test
    void aRedisThatStopsAnsweringIsGivenUpOnAfterTheTimeoutAndUsedAgainOnceItAnswers() throws Exception {
        OwnRedis.start();
        LimitedKey key = new LimitedKey(KeyKind.USER, "u:{" + UUID.randomUUID() + "}:a", new Limit(100, LimitWindow.MINUTE, 100));
        assertEquals(KeyKind.USER, decide(key).binding().kind(), "decided by Redis");

        OwnRedis.pause();
        List<Decision> meanwhile;
        try {
            // Pipelined on the connection that no longer answers: each is given up on, none waits for ever.
            meanwhile = Uni.join().all(IntStream.range(0, 5).mapToObj(i -> store.decide(List.of(key))).toList())
                    .andFailFast().await().atMost(Duration.ofSeconds(10));
        } finally {
            OwnRedis.resume();
        }
        assertTrue(meanwhile.stream().allMatch(decision -> decision.admitted() && decision.binding() == null),
                "admitted unchecked while Redis did not answer");
        assertEquals(KeyKind.USER, decide(key).binding().kind(), "counted again, on a new connection, once it answers");
    }

    private Decision decide(LimitedKey key) {
        return store.decide(List.of(key)).await().atMost(Duration.ofSeconds(10));
    }

    private double errors() {
        var counter = metrics.find("switchboard.ratelimit.store.errors").counter();
        return counter == null ? 0 : counter.count();
    }
}

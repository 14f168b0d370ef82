package dev.switchboard.ratelimit;

import static dev.switchboard.support.Api.ROOT;
import static dev.switchboard.support.RawMcpClient.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.ratelimit.config.RateLimitConfig;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.RawMcpClient.Reply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Redis store on the real Redis (127.0.0.1:6379), under a key prefix of this run's own: MCP traffic
 * over a per-user limit, and the script's all-or-nothing decision over several keys.
 */
@QuarkusTest
@TestProfile(RedisStoreTest.OnRedis.class)
class RedisStoreTest {

    public static class OnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.ratelimit.store", "redis", "quarkus.redis.hosts", "redis://127.0.0.1:6379",
                    "switchboard.ratelimit.redis.key-prefix", "switchboard-test:" + UUID.randomUUID() + ":",
                    "switchboard.ratelimit.user.rate", "3", "switchboard.ratelimit.user.window", "minute",
                    "switchboard.ratelimit.user.burst", "3");
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    RateLimitStore store;

    @Inject
    Redis redis;

    @Inject
    RateLimitConfig config;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aUserOverTheLimitIsRefusedWhileAnotherUserAndTenantGoOn() {
        try (FakeUpstream upstream = FakeUpstream.start(vertx).tool("work")) {
            TestTenant tenant = Api.newTenant();
            String serverId = server(tenant, upstream);
            try (RawMcpClient alice = client(tenant, serverId, "alice"); RawMcpClient bob = client(tenant, serverId, "bob")) {
                alice.initialize(new JsonObject());
                assertEquals(200, alice.post(toolCall(1, "fake__work", null)).drainedStatus());
                assertEquals(200, alice.post(toolCall(2, "fake__work", null)).drainedStatus());
                Reply refused = alice.post(toolCall(3, "fake__work", null));
                assertEquals(429, refused.status());
                long retryAfter = Long.parseLong(refused.header("Retry-After"));
                assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
                JsonObject error = refused.json();
                assertEquals(3, error.getValue("id"));
                assertTrue(error.getJsonObject("error").getJsonObject("data").getLong("retry_after_ms") <= 20_000);

                bob.initialize(new JsonObject());
                assertEquals(200, bob.post(toolCall(1, "fake__work", null)).drainedStatus());
            }
            TestTenant other = Api.newTenant();
            try (RawMcpClient otherAlice = client(other, server(other, upstream), "alice")) {
                otherAlice.initialize(new JsonObject());
                assertEquals(200, otherAlice.post(toolCall(1, "fake__work", null)).drainedStatus());
            }
        }
    }

    @Test
    void manyDecisionsAtOnceOnOneHotKeyAdmitExactlyTheBurst() {
        // More decisions in flight than the client's default pool could hold (6 connections and 24 waiters, which
        // admitted the rest unchecked): none may be admitted unchecked now.
        LimitedKey hot = new LimitedKey(KeyKind.USER, "u:{" + UUID.randomUUID() + "}:hot", new Limit(40, LimitWindow.MINUTE, 40));
        List<Uni<Decision>> decisions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            decisions.add(store.decide(List.of(hot)));
        }
        List<Decision> all = Uni.join().all(decisions).andFailFast().await().atMost(Duration.ofSeconds(30));
        long admitted = all.stream().filter(Decision::admitted).count();
        long unchecked = all.stream().filter(decision -> decision.binding() == null).count();
        assertEquals(0, unchecked, "every decision was made by Redis");
        assertEquals(40, admitted);
    }

    @Test
    void decisionsAskedOnEveryEventLoopAtOnceAreEachMadeByRedis() {
        // As the gateway asks: from the event loops, pipelined on each loop's own connection.
        LimitedKey hot = new LimitedKey(KeyKind.USER, "u:{" + UUID.randomUUID() + "}:loops", new Limit(150, LimitWindow.MINUTE, 150));
        List<Uni<Decision>> decisions = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Context loop = ((VertxInternal) vertx).createEventLoopContext(); // the loops in turn
            decisions.add(Uni.createFrom().emitter(emitter -> loop.runOnContext(run -> store.decide(List.of(hot))
                    .subscribe().with(emitter::complete, emitter::fail))));
        }
        List<Decision> all = Uni.join().all(decisions).andFailFast().await().atMost(Duration.ofSeconds(30));
        assertEquals(0, all.stream().filter(decision -> decision.binding() == null).count(), "every decision was made by Redis");
        assertEquals(150, all.stream().filter(Decision::admitted).count());
    }

    @Test
    void aRaisedLimitAppliesAtOnceInTheScriptToo() {
        String id = "u:{" + UUID.randomUUID() + "}:a";
        LimitedKey strict = new LimitedKey(KeyKind.USER, id, new Limit(1, LimitWindow.MINUTE, 1));
        assertTrue(decide(strict).admitted());
        assertTrue(decide(strict).retryAfterNanos() > Duration.ofSeconds(55).toNanos());
        Decision raised = decide(new LimitedKey(KeyKind.USER, id, new Limit(10, LimitWindow.SECOND, 10)));
        assertTrue(raised.admitted(), "admitted at once, not after the old minute");
    }

    @Test
    void oneScriptDecidesOverEveryKeyAndARefusalChargesNone() {
        String run = UUID.randomUUID().toString();
        LimitedKey roomy = new LimitedKey(KeyKind.TENANT, "t:{" + run + "}", new Limit(10, LimitWindow.MINUTE, 100));
        LimitedKey tight = new LimitedKey(KeyKind.USER, "u:{" + run + "}:a", new Limit(1, LimitWindow.MINUTE, 1));
        assertTrue(decide(roomy, tight).admitted());
        String tatBefore = get(roomy);
        Decision refused = decide(roomy, tight);
        assertFalse(refused.admitted());
        assertEquals(KeyKind.USER, refused.binding().kind());
        assertTrue(refused.retryAfterNanos() > Duration.ofSeconds(55).toNanos(), String.valueOf(refused.retryAfterNanos()));
        assertEquals(tatBefore, get(roomy), "the refused request did not charge the tenant");
        Decision admitted = decide(roomy);
        assertTrue(admitted.admitted());
        assertEquals(98, admitted.remaining(), "charged by the first and the last request only");
        long ttl = redis.send(Request.cmd(Command.PTTL).arg(config.redis().keyPrefix() + tight.id())).await().atMost(Duration.ofSeconds(5)).toLong();
        assertTrue(ttl > 0 && ttl <= 61_000, "keys expire once they no longer matter: " + ttl);
    }

    private Decision decide(LimitedKey... keys) {
        return store.decide(List.of(keys)).await().atMost(Duration.ofSeconds(5));
    }

    private String get(LimitedKey key) {
        return redis.send(Request.cmd(Command.GET).arg(config.redis().keyPrefix() + key.id())).await().atMost(Duration.ofSeconds(5)).toString();
    }

    private static String server(TestTenant tenant, FakeUpstream upstream) {
        return tenant.serverOver("fake", upstream.mcpUrl());
    }

    private RawMcpClient client(TestTenant tenant, String serverId, String user) {
        return new RawMcpClient(vertx, base, "/v3/mcp/" + serverId + "/mcp?user_id=" + user, tenant.adminKey());
    }
}

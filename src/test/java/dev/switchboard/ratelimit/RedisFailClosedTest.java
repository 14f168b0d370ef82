package dev.switchboard.ratelimit;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.OwnRedis;
import dev.switchboard.support.RawMcpClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Redis (the test's own) stopped while limits fail closed: MCP requests get 503 and readiness reports Redis down. */
@QuarkusTest
@TestProfile(RedisFailClosedTest.FailClosed.class)
class RedisFailClosedTest {

    public static class FailClosed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.ratelimit.store", "redis", "quarkus.redis.hosts", OwnRedis.url(),
                    "switchboard.ratelimit.fail-open", "false");
        }
    }

    @Inject
    RateLimitStore store;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    @AfterAll
    static void stopRedis() throws InterruptedException {
        OwnRedis.stop();
    }

    @Test
    void whileRedisIsDownRequestsAreRefusedAndTheReplicaIsNotReady() throws Exception {
        OwnRedis.start();
        LimitedKey key = new LimitedKey(KeyKind.USER, "u:{" + UUID.randomUUID() + "}:a", new Limit(10, LimitWindow.MINUTE, 10));
        assertTrue(decide(key).admitted());
        given().get("/q/health/ready").then().statusCode(200).body(containsString("Rate limits: Redis"));

        OwnRedis.stop();
        assertThrows(RateLimitStoreUnavailable.class, () -> decide(key));
        given().get("/q/health/ready").then().statusCode(503).body(containsString("Rate limits: Redis"));
        try (FakeUpstream upstream = FakeUpstream.start(vertx).tool("work")) {
            TestTenant tenant = Api.newTenant();
            String serverId = tenant.serverOver("fake", upstream.mcpUrl());
            try (RawMcpClient client = new RawMcpClient(vertx, base, "/v3/mcp/" + serverId + "/mcp?user_id=u", tenant.adminKey())) {
                RawMcpClient.Reply refused = client.post(RawMcpClient.request(1, "initialize", new JsonObject()
                        .put("protocolVersion", "2025-06-18").put("capabilities", new JsonObject())
                        .put("clientInfo", new JsonObject().put("name", "t").put("version", "1"))));
                assertEquals(503, refused.status(), refused.body());
            }
        }
    }

    private Decision decide(LimitedKey key) {
        return store.decide(List.of(key)).await().atMost(Duration.ofSeconds(10));
    }
}

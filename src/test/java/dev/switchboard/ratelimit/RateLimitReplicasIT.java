package dev.switchboard.ratelimit;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import dev.switchboard.support.PackagedGateway;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances sharing the real Redis (127.0.0.1:6379) as their rate-limit store, set up through the
 * deployment contract's env vars with a tenant limit of {@value #LIMIT} a minute (burst {@value #LIMIT}), under a
 * key prefix of this run's own: one tenant's requests, alternating between the instances, are admitted
 * {@value #LIMIT} times in total, not {@value #LIMIT} on each, and every one after that is refused, on both, with
 * 429, Retry-After and the JSON-RPC error -32029. At a minute's rate the next admission is 10 s away, far more
 * than the requests take, so the count is exact. An override set through one instance applies on the other at
 * once (the change is announced to every replica; the cache TTL is minutes here).
 */
class RateLimitReplicasIT {

    private static final int LIMIT = 6;

    private static Upstream upstream;
    private static PackagedGateway first;
    private static PackagedGateway second;

    @BeforeAll
    static void start() {
        upstream = NodePeers.serverEverything("ratelimit-replica-upstream");
        Map<String, String> sharedRedis = Map.of("SWITCHBOARD_RATELIMIT_STORE", "redis",
                "SWITCHBOARD_REDIS_URL", "redis://127.0.0.1:6379",
                "SWITCHBOARD_RATELIMIT_REDIS_KEY_PREFIX", "switchboard-it:" + UUID.randomUUID() + ":",
                "SWITCHBOARD_RATELIMIT_TENANT_RATE", String.valueOf(LIMIT),
                "SWITCHBOARD_RATELIMIT_TENANT_WINDOW", "minute",
                "SWITCHBOARD_RATELIMIT_TENANT_BURST", String.valueOf(LIMIT),
                // Long enough that only the change notification can make another instance see a new override.
                "SWITCHBOARD_CACHE_TTL", "PT5M");
        // Only the first instance cleans the schema (the test profile's); the second starts on the migrated one.
        first = PackagedGateway.start("ratelimit-a", Map.of(), sharedRedis);
        second = PackagedGateway.start("ratelimit-b", Map.of("quarkus.flyway.clean-at-start", "false"), sharedRedis);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aTenantLimitOfNAdmitsNRequestsAcrossBothInstancesNotNOnEach() {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        String serverId = tenant.serverOver("everything", upstream.mcpUrl());

        Response initialized = post(first, serverId, tenant, null, """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},
                 "clientInfo":{"name":"replica-limit","version":"1"}}}""");
        assertEquals(200, initialized.statusCode(), initialized.asString());
        String sessionId = initialized.header("Mcp-Session-Id");
        assertNotNull(sessionId);
        assertEquals(202, post(second, serverId, tenant, sessionId,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode(), "a notification is not counted");

        List<String> outcomes = new ArrayList<>(List.of("a:200"));
        List<String> expected = new ArrayList<>(List.of("a:200"));
        for (int id = 1; id < 2 * LIMIT; id++) {
            PackagedGateway instance = id % 2 == 1 ? second : first;
            String name = instance == first ? "a" : "b";
            Response answer = post(instance, serverId, tenant, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
            outcomes.add(name + ":" + answer.statusCode());
            expected.add(name + ":" + (id < LIMIT ? 200 : 429));
            JsonPath body = JsonPath.from(answer.asString());
            assertEquals(id, body.getInt("id"), answer.asString());
            if (answer.statusCode() == 429) {
                assertRefusedByTheTenantLimit(answer, body);
            }
        }
        assertEquals(expected, outcomes, LIMIT + " admitted in total, alternating between the instances, then none");
    }

    @Test
    void anOverrideSetThroughOneInstanceAppliesOnTheOtherAtOnce() {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        String serverId = tenant.serverOver("everything", upstream.mcpUrl());
        Response initialized = post(second, serverId, tenant, null, """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},
                 "clientInfo":{"name":"replica-override","version":"1"}}}""");
        assertEquals(200, initialized.statusCode(), "the second instance now holds the tenant's limits: " + initialized.asString());
        String sessionId = initialized.header("Mcp-Session-Id");

        tenant.api().body(Map.of("key", "user", "user_id", "limited-user", "rate", 2, "window", "minute"))
                .post(ROOT + "/rate_limits").then().statusCode(201);
        for (int id = 1; id <= 2; id++) {
            assertEquals(200, post(second, serverId, tenant, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}")
                    .statusCode(), "a burst of 2");
        }
        Response refused = post(second, serverId, tenant, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
        assertEquals(429, refused.statusCode(), refused.asString());
        assertEquals("user", JsonPath.from(refused.asString()).getString("error.data.limit.key"), refused.asString());
    }

    private static void assertRefusedByTheTenantLimit(Response answer, JsonPath body) {
        String text = answer.asString();
        assertEquals(-32029, body.getInt("error.code"), text);
        long waitMs = body.getLong("error.data.retry_after_ms");
        assertTrue(waitMs > 0 && waitMs <= 10_000, "a minute's rate of " + LIMIT + " frees one every 10 s: " + text);
        assertEquals("tenant", body.getString("error.data.limit.key"), text);
        long retryAfter = Long.parseLong(answer.header("Retry-After"));
        assertEquals((waitMs + 999) / 1000, retryAfter, "Retry-After is the wait in whole seconds, rounded up: " + text);
        assertTrue(answer.header("RateLimit-Policy").contains("\"tenant\";q=" + LIMIT + ";w=60"), answer.header("RateLimit-Policy"));
    }

    private static Response post(PackagedGateway instance, String serverId, TestTenant tenant, String sessionId, String body) {
        var request = given().header("x-api-key", tenant.adminKey()).header("Accept", "application/json, text/event-stream")
                .contentType("application/json").body(body);
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-11-25");
        }
        return request.post(instance.mcpUrl(serverId, "limited-user"));
    }
}

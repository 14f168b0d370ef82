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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances sharing the real Redis (127.0.0.1:6379) as their rate-limit store, set up through the
 * deployment contract's env vars with a tenant limit of {@value #LIMIT} a minute (burst {@value #LIMIT}), under a
 * key prefix of this run's own: one tenant's requests, alternating between the instances, are admitted
 * {@value #LIMIT} times in total, not {@value #LIMIT} on each, and every one after that is refused, on both, with
 * 429, Retry-After and the JSON-RPC error -32029. At a minute's rate the next admission is 10 s away, far more
 * than the requests take, so the count is exact. An override set through one instance applies on the other as
 * soon as the change's announcement reaches it, not when its cache (5 minutes here) would have let it go.
 */
class RateLimitReplicasIT {

    private static final int LIMIT = 6;
    private static final Pattern USER_STATE = Pattern.compile("\"user\";r=(\\d+);t=\\d+");

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
            Response answer = ping(instance, serverId, tenant, sessionId, id);
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
    void anOverrideSetThroughOneInstanceAppliesOnTheOtherAsSoonAsItHearsOfIt() {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        // This tenant without the class's tenant limit: only the user limit under test decides.
        Api.as(Api.PLATFORM_KEY, first.baseUrl()).body(Map.of("rate", 0, "window", "minute"))
                .put(ROOT + "/tenants/" + tenant.name() + "/rate_limit").then().statusCode(200);
        String serverId = tenant.serverOver("everything", upstream.mcpUrl());
        Response initialized = post(second, serverId, tenant, null, """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},
                 "clientInfo":{"name":"replica-override","version":"1"}}}""");
        assertEquals(200, initialized.statusCode(), "the second instance now holds the tenant's limits: " + initialized.asString());
        String sessionId = initialized.header("Mcp-Session-Id");

        tenant.api().body(Map.of("key", "user", "user_id", "limited-user", "rate", 2, "window", "minute"))
                .post(ROOT + "/rate_limits").then().statusCode(201);
        // The second instance hears of the change through PostgreSQL's NOTIFY, milliseconds after the write answered;
        // until then it answers under the default user limit. Its cache alone would keep that for 5 minutes.
        String overridden = "\"user\";q=2;w=60";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int id = 1;
        Response answer = ping(second, serverId, tenant, sessionId, id);
        while (answer.statusCode() == 200 && !String.valueOf(answer.header("RateLimit-Policy")).contains(overridden) && System.nanoTime() < deadline) {
            answer = ping(second, serverId, tenant, sessionId, ++id);
        }
        assertTrue(String.valueOf(answer.header("RateLimit-Policy")).contains(overridden),
                "the override applies on the other instance within 10 s: " + answer.header("RateLimit-Policy"));

        // Under the override, each answer counts down what remains of its burst of 2 (less what the requests before
        // it left of their use), and the request after the last is refused by it.
        Integer remaining = null;
        while (answer.statusCode() == 200) {
            Matcher state = USER_STATE.matcher(answer.header("RateLimit"));
            assertTrue(state.matches(), "the user limit binds: " + answer.header("RateLimit"));
            int now = Integer.parseInt(state.group(1));
            assertTrue(remaining == null ? now <= 1 : now == remaining - 1, remaining + " then " + now);
            remaining = now;
            answer = ping(second, serverId, tenant, sessionId, ++id);
        }
        assertTrue(remaining == null || remaining == 0, "refused once none remained, not before: " + remaining);
        assertEquals(429, answer.statusCode(), answer.asString());
        JsonPath refused = JsonPath.from(answer.asString());
        assertEquals(-32029, refused.getInt("error.code"), answer.asString());
        assertEquals(Map.of("key", "user", "rate", 2, "window", "minute", "burst", 2), refused.getMap("error.data.limit"), answer.asString());
        assertNotNull(answer.header("Retry-After"), answer.headers().toString());
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

    private static Response ping(PackagedGateway instance, String serverId, TestTenant tenant, String sessionId, int id) {
        return post(instance, serverId, tenant, sessionId, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
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

package dev.switchboard.ratelimit;

import static dev.switchboard.support.Api.ROOT;
import static dev.switchboard.support.RawMcpClient.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.RawMcpClient.Reply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MCP traffic over a per-user limit of 3 a minute, on the in-memory store, with the store's clock moved by
 * the test: the fourth request of a user is refused with 429, Retry-After and a JSON-RPC error for its id;
 * another user and another tenant go on; the same session is admitted again once the wait is over. And a
 * toolkit with one call in flight (its concurrency limit here) answers a second one at once with a tool error.
 * The management API has its own limit per principal (20 a minute here).
 */
@QuarkusTest
@TestProfile(McpRateLimitTest.ThreePerMinutePerUser.class)
class McpRateLimitTest {

    public static class ThreePerMinutePerUser implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.ratelimit.user.rate", "3", "switchboard.ratelimit.user.window", "minute",
                    "switchboard.ratelimit.user.burst", "3", "switchboard.ratelimit.toolkit-concurrency", "1",
                    "switchboard.ratelimit.management.rate", "20", "switchboard.ratelimit.management.window", "minute",
                    "switchboard.ratelimit.management.burst", "20");
        }
    }

    private static final String TOOL = "fake__work";

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private final AtomicLong now = new AtomicLong(System.nanoTime());
    private final List<RawMcpClient> clients = new ArrayList<>();
    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start(vertx).tool("work");
        QuarkusMock.installMockForType(new NanoClock() {
            @Override
            public long nanoTime() {
                return now.get();
            }
        }, NanoClock.class);
    }

    @AfterEach
    void stop() {
        clients.forEach(RawMcpClient::close);
        upstream.close();
    }

    @Test
    void theFourthRequestOfAUserIsRefusedAndOnlyThatUserWaits() {
        TestTenant tenant = Api.newTenant();
        String serverId = server(tenant);
        RawMcpClient alice = client(tenant, serverId, "alice");
        alice.initialize(new JsonObject());
        Reply first = alice.post(toolCall(1, TOOL, null));
        assertEquals(200, first.status());
        assertEquals("\"tenant\";q=1000;w=1, \"user\";q=3;w=60", first.header("RateLimit-Policy"));
        assertEquals("\"user\";r=1;t=40", first.header("RateLimit"));
        first.body();
        assertEquals(200, alice.post(toolCall(2, TOOL, null)).drainedStatus());

        Reply refused = alice.post(toolCall("over", TOOL, null));
        assertEquals(429, refused.status());
        assertEquals("20", refused.header("Retry-After"));
        assertNotNull(refused.header("RateLimit"));
        JsonObject error = refused.json();
        assertEquals("over", error.getValue("id"), error.encode());
        assertEquals(-32029, error.getJsonObject("error").getInteger("code"));
        JsonObject data = error.getJsonObject("error").getJsonObject("data");
        assertEquals(20_000, data.getLong("retry_after_ms"));
        assertEquals(new JsonObject().put("key", "user").put("rate", 3).put("window", "minute").put("burst", 3),
                data.getJsonObject("limit"));
        assertFalse(error.encode().contains("alice"), "the answer names the limit, not the user");
        long callsUpstream = upstream.received().stream().filter(r -> "tools/call".equals(r.rpcMethod())).count();
        assertEquals(2, callsUpstream, "the refused call did not reach the upstream");

        RawMcpClient bob = client(tenant, serverId, "bob");
        bob.initialize(new JsonObject());
        assertEquals(200, bob.post(toolCall(1, TOOL, null)).drainedStatus());

        TestTenant other = Api.newTenant();
        RawMcpClient otherAlice = client(other, server(other), "alice");
        otherAlice.initialize(new JsonObject());
        assertEquals(200, otherAlice.post(toolCall(1, TOOL, null)).drainedStatus());

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(data.getLong("retry_after_ms")));
        assertEquals(200, alice.post(toolCall(4, TOOL, null)).drainedStatus(), "the session is usable after the wait");
        assertEquals(429, alice.post(toolCall(5, TOOL, null)).drainedStatus());

        String metricsText = io.restassured.RestAssured.get("/q/metrics").asString();
        assertTrue(metricsText.contains("switchboard_ratelimit_decisions_total{kind=\"user\",outcome=\"refused\",tenant=\"" + tenant.id() + "\"} 2.0"),
                "refusals counted per key kind and tenant");
        assertFalse(metricsText.contains("alice"), "no user ids as labels");
        assertTrue(metricsText.contains("switchboard_gateway_upstream_latency_seconds_count{toolkit=\"fake\"}"));
        assertTrue(metricsText.contains("switchboard_gateway_client_streams{kind=\"standalone\"} "), "open client streams");
    }

    @Test
    void notificationsAndTheClientsAnswersAreNotCounted() {
        TestTenant tenant = Api.newTenant();
        RawMcpClient carol = client(tenant, server(tenant), "carol");
        carol.initialize(new JsonObject());
        for (int i = 0; i < 5; i++) {
            assertEquals(202, carol.post(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized")).drainedStatus());
        }
        assertEquals(200, carol.post(RawMcpClient.request(1, "ping", new JsonObject())).drainedStatus());
        assertEquals(200, carol.post(RawMcpClient.request(2, "ping", new JsonObject())).drainedStatus());
        assertEquals(429, carol.post(RawMcpClient.request(3, "ping", new JsonObject())).drainedStatus());
    }

    @Test
    void aToolkitWithAsManyCallsInFlightAsItsLimitAnswersTheNextOneWithAToolError() {
        CompletableFuture<FakeUpstream.Call> held = new CompletableFuture<>();
        upstream.onCall(held::complete);
        TestTenant tenant = Api.newTenant();
        String serverId = server(tenant);
        RawMcpClient slow = client(tenant, serverId, "slow");
        slow.initialize(new JsonObject());
        Future<Reply> inFlight = slow.send(toolCall("slow", TOOL, null));
        FakeUpstream.Call call = held.orTimeout(20, TimeUnit.SECONDS).join();

        upstream.onCall(c -> c.respond(FakeUpstream.text("ok")));
        RawMcpClient other = client(tenant, serverId, "other");
        other.initialize(new JsonObject());
        JsonObject busy = other.post(toolCall("busy", TOOL, null)).json();
        assertEquals("busy", busy.getValue("id"), busy.encode());
        JsonObject result = busy.getJsonObject("result");
        assertTrue(result.getBoolean("isError"), busy.encode());
        assertTrue(result.getJsonArray("content").getJsonObject(0).getString("text").contains("1 calls in flight"), busy.encode());

        call.respond(FakeUpstream.text("slow answer"));
        assertEquals(200, RawMcpClient.await(inFlight).drainedStatus());
        JsonObject freed = other.post(toolCall("after", TOOL, null)).json();
        assertFalse(freed.getJsonObject("result").getBoolean("isError", false), "the slot is free again: " + freed.encode());
    }

    @Test
    void theManagementApiRefusesAPrincipalOverItsLimitWithARetryableProblem() {
        TestTenant tenant = Api.newTenant();
        for (int i = 0; i < 20; i++) {
            tenant.api().get(ROOT + "/toolkits").then().statusCode(200);
        }
        var refused = tenant.api().get(ROOT + "/toolkits").then().statusCode(429).extract();
        assertEquals("3", refused.header("Retry-After"));
        assertEquals("\"principal\";q=20;w=60", refused.header("RateLimit-Policy"));
        assertEquals(null, refused.header("x-should-retry"));
        assertEquals(429, refused.jsonPath().getInt("status"));
        assertTrue(refused.jsonPath().getString("message").contains("principal limit of 20 requests per minute"));
        Api.newTenant().api().get(ROOT + "/toolkits").then().statusCode(200);
    }

    private String server(TestTenant tenant) {
        return tenant.serverOver("fake", upstream.mcpUrl());
    }

    private RawMcpClient client(TestTenant tenant, String serverId, String user) {
        RawMcpClient client = new RawMcpClient(vertx, base, "/v3/mcp/" + serverId + "/mcp?user_id=" + user, tenant.adminKey());
        clients.add(client);
        return client;
    }
}

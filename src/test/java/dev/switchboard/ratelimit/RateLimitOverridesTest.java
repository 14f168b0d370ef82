package dev.switchboard.ratelimit;

import static dev.switchboard.support.Api.ROOT;
import static dev.switchboard.support.RawMcpClient.toolCall;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.RawMcpClient.Reply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits set as data: overrides per user, server and tool by a tenant admin, the tenant's own limit by a
 * platform admin, validated, and applied to the next MCP request without a restart, on the Redis store (the
 * memory store runs the same arithmetic, see McpRateLimitTest). The configured defaults (200 a second per
 * user, 1000 per tenant) never refuse anything here.
 */
@QuarkusTest
@TestProfile(RateLimitOverridesTest.OnRedis.class)
class RateLimitOverridesTest {

    public static class OnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.ratelimit.store", "redis", "quarkus.redis.hosts", "redis://127.0.0.1:6379",
                    "switchboard.ratelimit.redis.key-prefix", "switchboard-test:" + UUID.randomUUID() + ":");
        }
    }

    private static final String TOOL = "fake__work";

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private final List<RawMcpClient> clients = new ArrayList<>();
    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start(vertx).tool("work").tool("rest");
    }

    @AfterEach
    void stop() {
        clients.forEach(RawMcpClient::close);
        upstream.close();
    }

    @Test
    void badOverridesAreRefusedNamingEachFieldAndChangeNothing() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of()).post(ROOT + "/rate_limits").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("key", "rate", "window"));
        tenant.api().body(Map.of("key", "tenant", "rate", 5, "window", "second")).post(ROOT + "/rate_limits")
                .then().statusCode(400).body("errors[0].field", equalTo("key"))
                .body("errors[0].message", containsString("platform admin"));
        tenant.api().body(Map.of("key", "server", "user_id", "alice", "rate", -1, "window", "hour", "burst", 0))
                .post(ROOT + "/rate_limits").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("rate", "window", "burst"));
        tenant.api().body(Map.of("key", "server", "user_id", "alice", "rate", 1, "window", "second"))
                .post(ROOT + "/rate_limits").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("user_id"));
        tenant.api().body(Map.of("key", "tool", "tool", "work", "rate", 1, "window", "second"))
                .post(ROOT + "/rate_limits").then().statusCode(400)
                .body("errors[0].field", equalTo("toolkit"));
        tenant.api().body(Map.of("key", "server", "server_id", "mcp_nope", "rate", 1, "window", "second"))
                .post(ROOT + "/rate_limits").then().statusCode(400)
                .body("errors[0].field", equalTo("server_id"));
        tenant.api().body(Map.of("key", "tool", "toolkit", "nope", "rate", 1, "window", "second"))
                .post(ROOT + "/rate_limits").then().statusCode(400)
                .body("errors[0].field", equalTo("toolkit"));
        tenant.api().body(Map.of("key", "user", "rate", "5", "window", "second"))
                .post(ROOT + "/rate_limits").then().statusCode(400)
                .body("errors[0].field", equalTo("rate"));
        Api.as(tenant.memberKey()).body(Map.of("key", "user", "rate", 5, "window", "second"))
                .post(ROOT + "/rate_limits").then().statusCode(403);
        tenant.api().get(ROOT + "/rate_limits").then().statusCode(200).body("total_items", equalTo(0));
    }

    @Test
    void aUsersOverrideAppliesToTheNextRequestAndCanBeRaisedAndRemoved() {
        TestTenant tenant = Api.newTenant();
        String serverId = server(tenant);
        RawMcpClient alice = client(tenant, serverId, "alice");
        alice.initialize(new JsonObject());
        assertEquals(200, alice.post(toolCall(1, TOOL, null)).drainedStatus(), "the default admits alice");

        String id = tenant.api().body(Map.of("key", "user", "user_id", "alice", "rate", 2, "window", "minute"))
                .post(ROOT + "/rate_limits").then().statusCode(201)
                .body("key", equalTo("user")).body("user_id", equalTo("alice")).body("server_id", nullValue())
                .body("rate", equalTo(2)).body("window", equalTo("minute")).body("burst", equalTo(2))
                .extract().path("id");
        tenant.api().body(Map.of("key", "user", "user_id", "alice", "rate", 9, "window", "minute"))
                .post(ROOT + "/rate_limits").then().statusCode(409).body("message", containsString(id));

        assertEquals(200, alice.post(toolCall(2, TOOL, null)).drainedStatus());
        assertEquals(200, alice.post(toolCall(3, TOOL, null)).drainedStatus());
        Reply refused = alice.post(toolCall(4, TOOL, null));
        assertEquals(429, refused.status());
        JsonObject limit = refused.json().getJsonObject("error").getJsonObject("data").getJsonObject("limit");
        assertEquals(new JsonObject().put("key", "user").put("rate", 2).put("window", "minute").put("burst", 2), limit);
        RawMcpClient bob = client(tenant, serverId, "bob");
        bob.initialize(new JsonObject());
        assertEquals(200, bob.post(toolCall(1, TOOL, null)).drainedStatus(), "only alice has the override");

        tenant.api().body(Map.of("rate", 1000, "window", "second")).patch(ROOT + "/rate_limits/" + id)
                .then().statusCode(200).body("rate", equalTo(1000)).body("burst", equalTo(1000));
        assertEquals(200, alice.post(toolCall(5, TOOL, null)).drainedStatus(), "the raised limit applies without a restart");

        tenant.api().body(Map.of("rate", 1, "window", "minute")).patch(ROOT + "/rate_limits/" + id).then().statusCode(200);
        alice.post(toolCall(6, TOOL, null)).body();
        assertEquals(429, alice.post(toolCall(7, TOOL, null)).drainedStatus(), "and so does a lowered one");

        TestTenant other = Api.newTenant();
        other.api().get(ROOT + "/rate_limits/" + id).then().statusCode(404);
        other.api().delete(ROOT + "/rate_limits/" + id).then().statusCode(404);

        tenant.api().delete(ROOT + "/rate_limits/" + id).then().statusCode(200).body("deleted", equalTo(true));
        tenant.api().get(ROOT + "/rate_limits/" + id).then().statusCode(404);
        assertEquals(200, alice.post(toolCall(8, TOOL, null)).drainedStatus(), "the default applies again");
    }

    @Test
    void theMostSpecificOverrideOfAKeyWins() {
        TestTenant tenant = Api.newTenant();
        String serverId = server(tenant);
        create(tenant, Map.of("key", "user", "rate", 2, "window", "minute"));
        create(tenant, Map.of("key", "user", "user_id", "dave", "rate", 0, "window", "second"));
        create(tenant, Map.of("key", "tool", "toolkit", "fake", "tool", "work", "rate", 1, "window", "minute"));

        RawMcpClient carol = client(tenant, serverId, "carol");
        carol.initialize(new JsonObject());
        assertEquals(200, carol.post(toolCall(1, "fake__rest", null)).drainedStatus());
        assertEquals(429, carol.post(toolCall(2, "fake__rest", null)).drainedStatus(), "every user's override: 2 a minute");

        RawMcpClient dave = client(tenant, serverId, "dave");
        dave.initialize(new JsonObject());
        assertEquals(200, dave.post(toolCall(1, "fake__rest", null)).drainedStatus());
        assertEquals(200, dave.post(toolCall(2, "fake__rest", null)).drainedStatus());
        assertEquals(200, dave.post(toolCall(3, "fake__rest", null)).drainedStatus(), "dave's own override lifts his limit");
        assertEquals(200, dave.post(toolCall(4, TOOL, null)).drainedStatus());
        Reply tool = dave.post(toolCall(5, TOOL, null));
        assertEquals(429, tool.status(), "but not the tool's");
        assertEquals("tool", tool.json().getJsonObject("error").getJsonObject("data").getJsonObject("limit").getString("key"));

        tenant.api().queryParam("key", "user").get(ROOT + "/rate_limits").then().statusCode(200)
                .body("total_items", equalTo(2)).body("items.user_id", containsInAnyOrder(null, "dave"));
        tenant.api().queryParam("key", "everything").get(ROOT + "/rate_limits").then().statusCode(400)
                .body("errors[0].field", equalTo("key"));
    }

    @Test
    void aServersOverridesGoWithTheServer() {
        TestTenant tenant = Api.newTenant();
        String serverId = server(tenant);
        String id = create(tenant, Map.of("key", "server", "server_id", serverId, "rate", 1, "window", "minute"));
        RawMcpClient erin = client(tenant, serverId, "erin");
        erin.initialize(new JsonObject());
        assertEquals(429, erin.post(toolCall(1, TOOL, null)).drainedStatus(), "initialize used the server's one request");
        tenant.api().delete(ROOT + "/mcp/" + serverId).then().statusCode(200);
        tenant.api().get(ROOT + "/rate_limits/" + id).then().statusCode(404);
    }

    @Test
    void theTenantsOwnLimitIsSetByAPlatformAdminAndReadByTheTenant() {
        TestTenant tenant = Api.newTenant();
        String path = ROOT + "/tenants/" + tenant.name() + "/rate_limit";
        Api.platform().get(path).then().statusCode(200)
                .body("key", equalTo("tenant")).body("rate", equalTo(1000)).body("override_id", nullValue());
        tenant.api().get(path).then().statusCode(403);
        tenant.api().body(Map.of("rate", 1, "window", "minute")).put(path).then().statusCode(403);
        Api.platform().body(Map.of("rate", 1, "window", "hour")).put(path).then().statusCode(400)
                .body("errors[0].field", equalTo("window"));

        String id = Api.platform().body(Map.of("rate", 2, "window", "minute")).put(path).then().statusCode(200)
                .body("rate", equalTo(2)).body("burst", equalTo(2)).extract().path("override_id");
        tenant.api().get(ROOT + "/rate_limits").then().statusCode(200)
                .body("items[0].id", equalTo(id)).body("items[0].key", equalTo("tenant"));
        tenant.api().body(Map.of("rate", 1000)).patch(ROOT + "/rate_limits/" + id).then().statusCode(403);
        tenant.api().delete(ROOT + "/rate_limits/" + id).then().statusCode(403);

        String serverId = server(tenant);
        RawMcpClient frank = client(tenant, serverId, "frank");
        frank.initialize(new JsonObject());
        assertEquals(200, frank.post(toolCall(1, TOOL, null)).drainedStatus());
        Reply refused = client(tenant, serverId, "grace").post(RawMcpClient.initializeRequest(new JsonObject()));
        assertEquals(429, refused.status(), "the tenant's limit counts every user");
        assertEquals("tenant", refused.json().getJsonObject("error").getJsonObject("data").getJsonObject("limit").getString("key"));

        Api.platform().delete(path).then().statusCode(200).body("rate", equalTo(1000)).body("override_id", nullValue());
        assertEquals(200, frank.post(toolCall(2, TOOL, null)).drainedStatus());
    }

    @Test
    void theDefaultsAreReadable() {
        TestTenant tenant = Api.newTenant();
        Api.as(tenant.memberKey()).get(ROOT + "/rate_limits/defaults").then().statusCode(200)
                .body("key", org.hamcrest.Matchers.contains("tenant", "user", "server", "tool"))
                .body("find { it.key == 'user' }.rate", equalTo(200))
                .body("find { it.key == 'server' }.rate", equalTo(0));
    }

    @Test
    void theOpenApiDocumentDescribesTheApiAndItsRefusals() {
        io.restassured.RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v3.1/rate_limits'.post.responses.'429'.headers.'Retry-After'.description",
                        containsString("Seconds"))
                .body("paths.'/api/v3.1/tenants/{tenant}/rate_limit'.put.summary", containsString("tenant"))
                .body("paths.'/api/v3.1/toolkits'.get.responses.'429'.description", containsString("rate limit"));
    }

    private static String create(TestTenant tenant, Map<String, Object> body) {
        return tenant.api().body(new HashMap<>(body)).post(ROOT + "/rate_limits").then().statusCode(201).extract().path("id");
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

package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static dev.switchboard.support.Eventually.within;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import dev.switchboard.support.PackagedGateway;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged gateway on two ports, sharing one database and one cluster key: an MCP session
 * initialized on one is served by the other (its state is sealed into the Mcp-Session-Id, no sticky routing),
 * and when one upstream dies mid-session, both still list and call the other upstream's tools. A legacy HTTP+SSE
 * session's messages may reach either instance too: the one holding its stream answers. Both cache for a minute,
 * so what one changes (an ended session, a revoked key) must reach the other through NOTIFY.
 */
class GatewayReplicasIT {

    private static Upstream alpha;
    private static Upstream beta;
    private static PackagedGateway first;
    private static PackagedGateway second;

    @BeforeAll
    static void start() {
        alpha = NodePeers.serverEverything("replica-alpha");
        beta = NodePeers.serverEverything("replica-beta");
        // The test profile cleans the schema at start. Only the first instance may: the second starts once the
        // first is ready, so it finds the schema migrated and the bootstrap key created, as a scaled-out replica would.
        first = PackagedGateway.start("replica-a", Map.of("switchboard.cache-ttl", "PT60S"));
        second = PackagedGateway.start("replica-b", Map.of("quarkus.flyway.clean-at-start", "false",
                "switchboard.cache-ttl", "PT60S"));
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        if (beta != null) {
            beta.close();
        }
        if (alpha != null) {
            alpha.close();
        }
    }

    @Test
    void aSessionInitializedOnOneInstanceIsServedByTheOtherAndOutlivesADeadUpstream() {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        toolkit(tenant, "alpha", alpha);
        toolkit(tenant, "beta", beta);
        String serverId = server(tenant, List.of("alpha", "beta"));
        Api.as(tenant.adminKey(), second.baseUrl()).get(ROOT + "/mcp/" + serverId).then().statusCode(200);

        JsonPath initialized = JsonPath.from(check(first, tenant, serverId, Map.of("PHASE", "init"), """
                {"tools": ["alpha__echo", "beta__echo"], "calls": ["alpha__echo"]}"""));
        Session session = new Session(initialized.getString("sessionId"), initialized.getString("protocolVersion"));
        assertNotNull(session.protocolVersion());

        check(second, tenant, serverId, session.resume(false), """
                {"tools": ["alpha__echo", "beta__echo"], "calls": ["beta__echo", "alpha__echo"]}""");

        beta.close();
        String betaDown = """
                {"tools": ["alpha__echo", "alpha__get-sum"], "absent": ["beta__echo"], "calls": ["alpha__echo"],
                 "failedCalls": ["beta__echo"]}""";
        check(second, tenant, serverId, session.resume(false), betaDown);

        // Someone else's session, or one this cluster never sealed, is not found on the other instance either.
        ping(second.mcpUrl(serverId, "replica-user"), tenant.adminKey(), "forged").statusCode(404);
        ping(second.mcpUrl(serverId, "someone-else"), tenant.adminKey(), session.id()).statusCode(404);
        TestTenant other = Api.newTenant(second.baseUrl());
        toolkit(other, "alpha", alpha);
        ping(second.mcpUrl(server(other, List.of("alpha")), "replica-user"), other.adminKey(), session.id()).statusCode(404);
        ping(second.mcpUrl(serverId, "replica-user"), tenant.adminKey(), session.id()).statusCode(200).body("id", equalTo(1));

        // Back on the first instance, which ends the session: its DELETE tolerates the dead upstream.
        String ended = check(first, tenant, serverId, session.resume(true), betaDown);
        assertEquals(true, JsonPath.from(ended).getBoolean("terminated"), ended);
        // Ended for every instance, not only the one that took the DELETE: the other hears of it in a moment.
        ping(first.mcpUrl(serverId, "replica-user"), tenant.adminKey(), session.id()).statusCode(404);
        assertEquals(404, within(Duration.ofSeconds(10), 404,
                () -> ping(second.mcpUrl(serverId, "replica-user"), tenant.adminKey(), session.id()).extract().statusCode()));
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedByTheOtherLongBeforeItsCacheExpires() {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        toolkit(tenant, "alpha", alpha);
        String url = second.mcpUrl(server(tenant, List.of("alpha")), "revoked-user");
        var issued = tenant.api().body(Map.of("name", "short-lived", "role", "member")).post(ROOT + "/api_keys")
                .then().statusCode(201).extract();
        String key = issued.path("key");
        // Authenticated on the second instance (the session is unknown): its identity is cached there for a minute.
        ping(url, key, "unknown-session").statusCode(404);

        tenant.api().delete(ROOT + "/api_keys/" + issued.path("id")).then().statusCode(200);
        assertEquals(401, within(Duration.ofSeconds(5), 401, () -> ping(url, key, "unknown-session").extract().statusCode()));
    }

    @Test
    void aDisabledTenantsSessionTokenIsRefusedByTheOtherInstanceWithinSeconds() {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        toolkit(tenant, "alpha", alpha);
        Map<String, Object> mcp = tenant.api().body(Map.of("user_id", "session-user", "toolkits", Map.of("enable", List.of("alpha"))))
                .post(ROOT + "/tool_router/session").then().statusCode(201).extract().path("mcp");
        String url = second.baseUrl() + URI.create((String) mcp.get("url")).getPath();
        @SuppressWarnings("unchecked")
        String authorization = ((Map<String, String>) mcp.get("headers")).get("Authorization");
        // The grant is cached on the second instance for a minute.
        assertEquals(200, initializeWithToken(url, authorization));

        Api.as(Api.PLATFORM_KEY, first.baseUrl()).body(Map.of("status", "disabled")).patch(ROOT + "/tenants/" + tenant.id())
                .then().statusCode(200);
        assertEquals(401, within(Duration.ofSeconds(5), 401, () -> initializeWithToken(url, authorization)));
    }

    @Test
    void aLegacySseSessionWhoseInstanceWasKilledGets404OnTheOthersSoItsClientReconnects() throws Exception {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        toolkit(tenant, "alpha", alpha);
        String serverId = server(tenant, List.of("alpha"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (PackagedGateway doomed = PackagedGateway.start("replica-killed", Map.of("quarkus.flyway.clean-at-start", "false"))) {
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            HttpRequest open = HttpRequest.newBuilder(URI.create(doomed.baseUrl() + "/v3/mcp/" + serverId + "/sse?user_id=legacy-user"))
                    .header("x-api-key", tenant.adminKey()).header("Accept", "text/event-stream").build();
            http.sendAsync(open, HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(events)));
            String endpoint = awaitLine(events, "data: /v3/mcp/").substring("data: ".length());
            String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
            assertEquals(202, post(http, second.baseUrl() + endpoint, tenant.adminKey(), ping));

            doomed.process().destroyForcibly().waitFor();
            assertEquals(404, within(Duration.ofSeconds(30), 404, () -> {
                try {
                    return post(http, second.baseUrl() + endpoint, tenant.adminKey(), ping);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
    }

    private static int initializeWithToken(String url, String authorization) {
        return given().header("Authorization", authorization).header("Accept", "application/json, text/event-stream")
                .contentType("application/json").body("""
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                         "capabilities":{},"clientInfo":{"name":"replica-test","version":"1"}}}""")
                .post(url).then().extract().statusCode();
    }


    @Test
    void aLegacySseSessionsMessagesMayReachEitherInstance() throws Exception {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        toolkit(tenant, "alpha", alpha);
        String serverId = server(tenant, List.of("alpha"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpRequest open = HttpRequest.newBuilder(URI.create(first.baseUrl() + "/v3/mcp/" + serverId + "/sse?user_id=legacy-user"))
                .header("x-api-key", tenant.adminKey()).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(open,
                HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(events)));
        try {
            String endpoint = awaitLine(events, "data: /v3/mcp/").substring("data: ".length());

            // Every message goes to the second instance; the answers come on the first one's stream.
            assertEquals(202, post(http, second.baseUrl() + endpoint, tenant.adminKey(), """
                    {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
                     "clientInfo":{"name":"raw","version":"1"}}}"""));
            assertTrue(awaitLine(events, "\"id\":0").contains("protocolVersion"));
            assertEquals(202, post(http, second.baseUrl() + endpoint, tenant.adminKey(),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
            assertEquals(202, post(http, second.baseUrl() + endpoint, tenant.adminKey(), """
                    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"alpha__echo","arguments":{"message":"via B"}}}"""));
            assertTrue(awaitLine(events, "\"id\":1").contains("Echo: via B"));

            // Someone else may not post into the session, on either instance.
            assertEquals(404, post(http, second.baseUrl() + endpoint.replace("legacy-user", "intruder"), tenant.adminKey(),
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"));
            assertEquals(404, post(http, first.baseUrl() + endpoint.replace("legacy-user", "intruder"), tenant.adminKey(),
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}"));
        } finally {
            stream.cancel(true);
        }
    }

    private static int post(HttpClient http, String url, String apiKey, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("x-api-key", apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String awaitLine(BlockingQueue<String> lines, String containing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (String line = lines.poll(1, TimeUnit.SECONDS); System.nanoTime() < deadline; line = lines.poll(1, TimeUnit.SECONDS)) {
            if (line != null && line.contains(containing)) {
                return line;
            }
        }
        throw new AssertionError("no line containing " + containing + " on the SSE stream");
    }

    /** Hands each line of a streamed response to a queue as it arrives. */
    private record LineCollector(BlockingQueue<String> lines) implements Flow.Subscriber<String> {

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }

    /** The session as the client keeps it: the sealed id and the protocol version negotiated at initialize. */
    private record Session(String id, String protocolVersion) {

        /** The environment of replica-check.mjs's continue phase; terminate ends the session afterwards. */
        Map<String, String> resume(boolean terminate) {
            return Map.of("PHASE", "continue", "SESSION_ID", id, "PROTOCOL_VERSION", protocolVersion,
                    "TERMINATE", String.valueOf(terminate));
        }
    }

    private static void toolkit(TestTenant tenant, String slug, Upstream upstream) {
        tenant.api().body(Map.of("slug", slug, "name", slug, "mcp_url", upstream.mcpUrl())).post(ROOT + "/toolkits")
                .then().statusCode(201);
    }

    private static String server(TestTenant tenant, List<String> toolkits) {
        return tenant.api().body(Map.of("name", "replicated " + toolkits, "toolkits", toolkits, "allowed_tools", List.of()))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
    }

    /** Runs replica-check.mjs against one instance (phase and session in phaseEnv) and answers its JSON report line. */
    private static String check(PackagedGateway instance, TestTenant tenant, String serverId, Map<String, String> phaseEnv,
            String expect) {
        Map<String, String> env = new HashMap<>(phaseEnv);
        env.put("MCP_URL", instance.mcpUrl(serverId, "replica-user"));
        env.put("API_KEY", tenant.adminKey());
        env.put("EXPECT", expect);
        List<String> lines = NodePeers.lines(NodePeers.runScript("replica-check.mjs", env));
        return lines.get(lines.size() - 1);
    }

    /** A raw JSON-RPC ping in a session, answered locally by the gateway once the session opens. */
    private static ValidatableResponse ping(String url, String apiKey, String sessionId) {
        return given().header("x-api-key", apiKey).header("Mcp-Session-Id", sessionId)
                .header("Accept", "application/json, text/event-stream").contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post(url).then();
    }
}

package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import dev.switchboard.support.PackagedGateway;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged gateway on two ports, sharing one database and one cluster key: an MCP session
 * initialized on one is served by the other (its state is sealed into the Mcp-Session-Id, no sticky routing),
 * and when one upstream dies mid-session, both still list and call the other upstream's tools.
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
        first = PackagedGateway.start("replica-a", Map.of());
        second = PackagedGateway.start("replica-b", Map.of("quarkus.flyway.clean-at-start", "false"));
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
        // Ended for every instance, not only the one that took the DELETE.
        ping(second.mcpUrl(serverId, "replica-user"), tenant.adminKey(), session.id()).statusCode(404);
        ping(first.mcpUrl(serverId, "replica-user"), tenant.adminKey(), session.id()).statusCode(404);
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

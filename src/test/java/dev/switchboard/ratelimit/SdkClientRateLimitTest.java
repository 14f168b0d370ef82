package dev.switchboard.ratelimit;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official TypeScript SDK client over a per-user limit of 2 a second (burst 3), through the gateway to
 * server-everything: a refused {@code tools/call} reaches the client as an error it can read (HTTP 429, the
 * JSON-RPC error -32029 with {@code data.retry_after_ms} in its text), and the same session's call after
 * exactly that wait goes through. On both client transports; each run is a user of its own.
 */
@QuarkusTest
@TestProfile(SdkClientRateLimitTest.TwoPerSecondPerUser.class)
class SdkClientRateLimitTest {

    public static class TwoPerSecondPerUser implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.ratelimit.user.rate", "2", "switchboard.ratelimit.user.window", "second",
                    "switchboard.ratelimit.user.burst", "3");
        }
    }

    private static final String EXPECT = """
            {"rateLimited": {"tool": "everything__echo", "arguments": {"message": "again"}, "atMost": 20}}""";

    private static Upstream everything;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startUpstream() {
        everything = NodePeers.serverEverything("everything-rate-limited");
    }

    @AfterAll
    static void stopUpstream() {
        everything.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"streamable", "sse"})
    void aRefusedCallIsAReadableErrorWithTheWaitAndTheSessionGoesOnAfterIt(String transport) {
        TestTenant tenant = Api.newTenant();
        String serverId = tenant.serverOver("everything", everything.mcpUrl());
        String url = base.toString().replaceAll("/$", "") + "/v3/mcp/" + serverId
                + ("sse".equals(transport) ? "/sse" : "/mcp") + "?user_id=sdk-" + transport;

        String output = NodePeers.runScript("mcp-client-check.mjs", Map.of("MCP_URL", url, "TRANSPORT", transport,
                "API_KEY", tenant.adminKey(), "CHECK", "rateLimited", "EXPECT", EXPECT));

        List<String> lines = NodePeers.lines(output);
        JsonObject report = new JsonObject(lines.get(lines.size() - 1)).getJsonObject("rateLimited");
        // initialize took one of the burst of 3: at least two calls go, then (the script bounds it) one is refused.
        assertTrue(report.getInteger("admitted") >= 2, "admitted before the refusal: " + report.encode());
        JsonObject refused = report.getJsonObject("refused");
        assertEquals(429, refused.getInteger("status"), refused.encode());
        JsonObject data = refused.getJsonObject("body").getJsonObject("error").getJsonObject("data");
        assertTrue(data.getLong("retry_after_ms") <= 500, "at 2 a second the wait is at most 500 ms: " + data.encode());
        assertEquals("user", data.getJsonObject("limit").getString("key"), data.encode());
        assertEquals(new JsonObject().put("waitedMs", data.getLong("retry_after_ms")).put("isError", false),
                report.getJsonObject("afterWait"));
    }
}

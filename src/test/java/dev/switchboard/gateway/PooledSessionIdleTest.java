package dev.switchboard.gateway;

import static dev.switchboard.gateway.PooledSessionChecks.awaitEnded;
import static dev.switchboard.gateway.PooledSessionChecks.awaitOpened;
import static dev.switchboard.gateway.PooledSessionChecks.listTools;
import static dev.switchboard.gateway.PooledSessionChecks.longOperation;
import static dev.switchboard.gateway.PooledSessionChecks.statusOfSessionUpstream;
import static dev.switchboard.gateway.PooledSessionChecks.userUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.McpTrafficProxy;
import dev.switchboard.support.ModernMcp;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import dev.switchboard.support.SseLines;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The idle time of the upstream sessions the gateway pools for 2026-07-28 clients: a set no call used for that long is
 * ended upstream (a {@code DELETE} a loopback proxy in front of server-everything sees) and forgotten, while a call
 * that runs longer than the idle time keeps its set.
 */
@QuarkusTest
@TestProfile(PooledSessionIdleTest.ShortIdleTime.class)
class PooledSessionIdleTest {

    /** A pooled set goes after one second unused. */
    public static class ShortIdleTime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.gateway.pooled-session-idle-timeout", "PT1S");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void anIdleSetIsEndedUpstreamAndTheUsersNextRequestOpensANewOne() {
        try (Upstream everything = NodePeers.serverEverything("pool-idle");
                McpTrafficProxy proxy = new McpTrafficProxy(everything.mcpUrl())) {
            TestTenant tenant = Api.newTenant();
            String alice = userUrl(base.toString(), tenant.serverOver("everything", proxy.mcpUrl()), "alice");
            int before = proxy.opened().size(); // the session saving the server opened to check its tool names

            assertTrue(listTools(alice, tenant.adminKey()).contains("everything__echo"));
            String first = awaitOpened(proxy, before + 1).get(before);

            McpTrafficProxy.Ended ended = awaitEnded(proxy, first);
            assertNotNull(ended, "the idle session is ended upstream; ended: " + proxy.ended());
            assertEquals(200, ended.status(), "server-everything knew the session it was asked to end");
            assertEquals(400, statusOfSessionUpstream(everything.mcpUrl(), first), "server-everything no longer knows it");

            assertTrue(listTools(alice, tenant.adminKey()).contains("everything__echo"));
            List<String> opened = awaitOpened(proxy, before + 2);
            assertEquals(before + 2, opened.size(), "the next request opened a new session: " + opened);
            assertNotEquals(first, opened.get(before + 1));
        }
    }

    @Test
    void aCallLongerThanTheIdleTimeKeepsItsSetUntilItEnds() {
        try (Upstream everything = NodePeers.serverEverything("pool-idle-long-call");
                McpTrafficProxy proxy = new McpTrafficProxy(everything.mcpUrl())) {
            TestTenant tenant = Api.newTenant();
            String alice = userUrl(base.toString(), tenant.serverOver("everything", proxy.mcpUrl()), "alice");
            int before = proxy.opened().size(); // the session saving the server opened to check its tool names

            assertTrue(longOperation(alice, tenant.adminKey(), "everything__trigger-long-running-operation", 4)
                    .startsWith("Long running operation completed"), "the call ran to its end, four idle times long");
            String session = proxy.opened().get(before);
            assertEquals(before + 1, proxy.opened().size(), "the call needed no new session: " + proxy.opened());
            assertNotNull(awaitEnded(proxy, session), "then, unused, its set was ended upstream; ended: " + proxy.ended());
        }
    }

    /** A 2026-07-28 client's listen stream uses the set for as long as it is open, however long no call comes. */
    @Test
    void anOpenListenStreamKeepsItsSetUntilTheClientClosesIt() throws Exception {
        try (Upstream everything = NodePeers.serverEverything("pool-idle-listen");
                McpTrafficProxy proxy = new McpTrafficProxy(everything.mcpUrl())) {
            TestTenant tenant = Api.newTenant();
            String alice = userUrl(base.toString(), tenant.serverOver("everything", proxy.mcpUrl()), "alice");
            int before = proxy.opened().size(); // the session saving the server opened to check its tool names

            HttpRequest request = ModernMcp.listen(alice, tenant.adminKey(), "listen-1", new JsonObject().put("toolsListChanged", true));
            String session;
            try (SseLines stream = SseLines.open(HttpClient.newHttpClient(), request, Duration.ofSeconds(20))) {
                assertEquals("notifications/subscriptions/acknowledged", new JsonObject(stream.nextData("message")).getString("method"));
                session = awaitOpened(proxy, before + 1).get(before);
                // Several idle times with no call at all.
                Thread.sleep(4_000);
                assertFalse(proxy.ended().stream().anyMatch(ended -> ended.sessionId().equals(session)),
                        "the set of an open listen stream is not ended: " + proxy.ended());
            }
            assertNotNull(awaitEnded(proxy, session), "once the stream closed and the set was idle, it was ended; ended: " + proxy.ended());
        }
    }
}

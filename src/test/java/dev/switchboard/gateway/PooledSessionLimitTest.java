package dev.switchboard.gateway;

import static dev.switchboard.gateway.PooledSessionChecks.awaitEnded;
import static dev.switchboard.gateway.PooledSessionChecks.awaitOpened;
import static dev.switchboard.gateway.PooledSessionChecks.awaitPosted;
import static dev.switchboard.gateway.PooledSessionChecks.listTools;
import static dev.switchboard.gateway.PooledSessionChecks.longOperation;
import static dev.switchboard.gateway.PooledSessionChecks.statusOfSessionUpstream;
import static dev.switchboard.gateway.PooledSessionChecks.userUrl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.McpTrafficProxy;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The bound on the upstream sessions the gateway pools for 2026-07-28 clients (one set per user and server, here one
 * set in all): the set pushed out is ended upstream, with a {@code DELETE} a loopback proxy in front of
 * server-everything sees, once no call runs on it any more.
 */
@QuarkusTest
@TestProfile(PooledSessionLimitTest.OnePooledSet.class)
class PooledSessionLimitTest {

    /** One set of pooled sessions per replica; idleness never ends one during the test. */
    public static class OnePooledSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.gateway.pooled-session-limit", "1", "switchboard.gateway.pooled-session-idle-timeout", "PT1H");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void aSetPushedOutOfThePoolIsEndedUpstreamAndTheUserGetsANewOne() {
        try (Upstream everything = NodePeers.serverEverything("pool-limit");
                McpTrafficProxy proxy = new McpTrafficProxy(everything.mcpUrl())) {
            TestTenant tenant = Api.newTenant();
            String serverId = tenant.serverOver("everything", proxy.mcpUrl());
            String alice = userUrl(base.toString(), serverId, "alice");
            String bob = userUrl(base.toString(), serverId, "bob");
            int before = proxy.opened().size(); // the session saving the server opened to check its tool names

            assertTrue(listTools(alice, tenant.adminKey()).contains("everything__echo"));
            String aliceSession = awaitOpened(proxy, before + 1).get(before);
            listTools(bob, tenant.adminKey());
            String bobSession = awaitOpened(proxy, before + 2).get(before + 1);

            McpTrafficProxy.Ended ended = awaitEnded(proxy, aliceSession);
            assertNotNull(ended, "alice's session, pushed out by bob's, is ended upstream; ended: " + proxy.ended());
            assertEquals(200, ended.status(), "server-everything knew the session it was asked to end");
            assertEquals(400, statusOfSessionUpstream(everything.mcpUrl(), aliceSession), "server-everything no longer knows it");
            assertFalse(proxy.wasEnded(bobSession), "bob's set is the one pooled");

            assertTrue(listTools(alice, tenant.adminKey()).contains("everything__echo"));
            List<String> opened = awaitOpened(proxy, before + 3);
            assertEquals(before + 3, opened.size(), "alice got a new session: " + opened);
            assertNotNull(awaitEnded(proxy, bobSession), "and bob's was pushed out in turn; ended: " + proxy.ended());
        }
    }

    @Test
    void aSetPushedOutWhileACallRunsOnItIsEndedOnlyOnceTheCallHasFinished() throws Exception {
        try (Upstream everything = NodePeers.serverEverything("pool-limit-in-flight");
                McpTrafficProxy proxy = new McpTrafficProxy(everything.mcpUrl())) {
            TestTenant tenant = Api.newTenant();
            String serverId = tenant.serverOver("everything", proxy.mcpUrl());
            String alice = userUrl(base.toString(), serverId, "alice");
            String bob = userUrl(base.toString(), serverId, "bob");
            int before = proxy.opened().size(); // the session saving the server opened to check its tool names

            CompletableFuture<String> aliceCall = CompletableFuture.supplyAsync(
                    () -> longOperation(alice, tenant.adminKey(), "everything__trigger-long-running-operation", 5));
            String aliceSession = awaitOpened(proxy, before + 1).get(before);
            assertTrue(awaitPosted(proxy, "trigger-long-running-operation"), "alice's call reached the upstream");
            listTools(bob, tenant.adminKey());

            assertTrue(aliceCall.get().startsWith("Long running operation completed"),
                    "the call ran to its end on the set pushed out meanwhile");
            assertNotNull(awaitEnded(proxy, aliceSession), "then the set was ended upstream; ended: " + proxy.ended());
            assertEquals(before + 2, proxy.opened().size(), "alice's call needed no new session: " + proxy.opened());
        }
    }
}

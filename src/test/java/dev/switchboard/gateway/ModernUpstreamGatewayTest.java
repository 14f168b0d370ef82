package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.ConformanceSuite;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * MCP 2026-07-28 upstreams behind the gateway, and the 2026-07-28 conformance suite (0.2.0-alpha,
 * {@code --requirements 2026-07-28}) as the judge: run directly against a modern-only fixture
 * (conformance-upstream-2026.mjs, which refuses 2025 with -32022), then through the gateway in front of
 * (a) that fixture and (b) the 2025 fixture (conformance-upstream.mjs). Every scenario that passes directly
 * must pass through the gateway in both, save the known gaps listed below with their reason. A 2025 client
 * (the v1 TypeScript SDK) reaches the modern-only fixture through the gateway, and answers its elicitation; a
 * client pinned to 2026-07-28 (the v2 SDK) discovers, lists and calls it.
 */
@QuarkusTest
class ModernUpstreamGatewayTest {

    private static final String REVISION = "2026-07-28";

    /**
     * Scenarios that cannot pass through the gateway in front of a 2025 upstream, and why. A scenario that
     * passes directly and fails there while not listed here fails the test, and so does one listed that passes.
     */
    private static final Map<String, String> GAPS_IN_FRONT_OF_2025 = gaps();

    @TestHTTPResource("/")
    URL base;

    private static Map<String, String> gaps() {
        Map<String, String> gaps = new TreeMap<>();
        return gaps;
    }

    @Test
    void every2026ScenarioThatPassesDirectlyPassesThroughTheGatewayInFrontOfAModernAndA2025Upstream() {
        try (Upstream modern = NodePeers.conformanceUpstream2026("conformance-2026-modern-only", true);
                Upstream legacy = NodePeers.conformanceUpstream("conformance-2026-legacy", "post")) {
            TestTenant tenant = Api.newTenant();
            String gateway = base.toString().replaceAll("/$", "");

            Map<String, String> direct = ConformanceSuite.run(modern.mcpUrl(), null, REVISION, "2026-direct");
            Map<String, String> viaModern = ConformanceSuite.run(gateway + ConformanceSuite.gatewayPath(tenant, "modern", modern.mcpUrl()),
                    tenant.adminKey(), REVISION, "2026-gateway-modern");
            Map<String, String> via2025 = ConformanceSuite.run(gateway + ConformanceSuite.gatewayPath(tenant, "legacy", legacy.mcpUrl()),
                    tenant.adminKey(), REVISION, "2026-gateway-2025");

            assertTrue(direct.values().stream().filter("passed"::equals).count() >= 36,
                    "the fixture passes the revision's scenarios directly: " + direct);
            assertEquals(Map.of(), ConformanceSuite.regressions(direct, viaModern),
                    "passed directly but not through the gateway in front of the modern fixture; gateway " + viaModern);
            Map<String, String> regressions = ConformanceSuite.regressions(direct, via2025);
            Set<String> stillGaps = new TreeSet<>(regressions.keySet());
            stillGaps.retainAll(GAPS_IN_FRONT_OF_2025.keySet());
            assertEquals(GAPS_IN_FRONT_OF_2025.keySet(), stillGaps, "a known gap that passes leaves the list; gateway " + via2025);
            regressions.keySet().removeAll(GAPS_IN_FRONT_OF_2025.keySet());
            assertEquals(Map.of(), regressions,
                    "passed directly but not through the gateway in front of the 2025 fixture, and not a known gap; gateway " + via2025);
        }
    }

    @Test
    void a2025ClientListsCallsAndAnswersTheElicitationOfAModernOnlyUpstream() {
        try (Upstream modern = NodePeers.conformanceUpstream2026("modern-only-for-2025-client", true)) {
            TestTenant tenant = Api.newTenant();
            String url = base.toString().replaceAll("/$", "") + ConformanceSuite.gatewayPath(tenant, "modern", modern.mcpUrl());
            String tool = "test_input_required_result_elicitation";
            NodePeers.runScript("mcp-client-check.mjs", Map.of("MCP_URL", url, "API_KEY", tenant.adminKey(),
                    "CHECK", "session,listing,elicitation",
                    "EXPECT", "{\"tools\":[\"test_simple_text\",\"" + tool + "\"],\"elicitationTool\":\"" + tool + "\"}"));
        }
    }

    @Test
    void aClientPinnedTo20260728DiscoversListsAndCallsAModernOnlyUpstream() {
        try (Upstream modern = NodePeers.conformanceUpstream2026("modern-only-for-modern-client", true)) {
            TestTenant tenant = Api.newTenant();
            String url = base.toString().replaceAll("/$", "") + ConformanceSuite.gatewayPath(tenant, "modern", modern.mcpUrl());
            NodePeers.runScript("mcp-modern-client-check.mjs", Map.of("MCP_URL", url, "API_KEY", tenant.adminKey(),
                    "EXPECT", "{\"tools\":[\"echo\",\"test_input_required_result_elicitation\"],\"call\":\"echo\"}"));
        }
    }
}

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, all server scenarios) against a
 * fixture upstream that implements the suite's tools, resources and prompts, once directly and once
 * through the gateway with the name prefix off: every scenario that passes directly must pass through the
 * gateway, and the gateway's own DNS-rebinding protection must pass. Run for both places an upstream may
 * send a tool's sampling and elicitation requests: the call's own stream, and the standalone GET stream.
 */
@QuarkusTest
class ConformanceGatewayTest {

    @TestHTTPResource("/")
    URL base;

    @ParameterizedTest
    @ValueSource(strings = {"post", "get"})
    void everyScenarioThatPassesDirectlyPassesThroughTheGateway(String serverRequestsVia) {
        try (Upstream upstream = NodePeers.conformanceUpstream("conformance-upstream-" + serverRequestsVia, serverRequestsVia)) {
            TestTenant tenant = Api.newTenant();
            String gatewayUrl = base.toString().replaceAll("/$", "")
                    + ConformanceSuite.gatewayPath(tenant, "conformance", upstream.mcpUrl());

            Map<String, String> direct = ConformanceSuite.run(upstream.mcpUrl(), null, null, "direct-" + serverRequestsVia);
            Map<String, String> gateway = ConformanceSuite.run(gatewayUrl, tenant.adminKey(), null, "gateway-" + serverRequestsVia);

            assertTrue(direct.size() >= 30, "the suite ran its server scenarios: " + direct);
            Map<String, String> regressions = ConformanceSuite.regressions(direct, gateway);
            assertEquals(Map.of(), regressions, "passed directly but not through the gateway; direct " + direct
                    + ", gateway " + gateway);
            assertEquals("passed", gateway.get("dns-rebinding-protection"));
        }
    }
}

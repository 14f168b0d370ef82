package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @ParameterizedTest
    @ValueSource(strings = {"post", "get"})
    void everyScenarioThatPassesDirectlyPassesThroughTheGateway(String serverRequestsVia) {
        try (Upstream upstream = NodePeers.conformanceUpstream("conformance-upstream-" + serverRequestsVia, serverRequestsVia)) {
            TestTenant tenant = Api.newTenant();
            tenant.api().body(Map.of("slug", "conformance", "name", "conformance", "mcp_url", upstream.mcpUrl()))
                    .post(ROOT + "/toolkits").then().statusCode(201);
            String serverId = tenant.api().body(Map.of("name", "conformance " + serverRequestsVia,
                            "toolkits", List.of("conformance"), "tool_name_prefix", false))
                    .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
            String gatewayUrl = base.toString().replaceAll("/$", "") + "/v3/mcp/" + serverId + "/mcp?user_id=conformance-user";

            Map<String, String> direct = suite(upstream.mcpUrl(), null, "direct-" + serverRequestsVia);
            Map<String, String> gateway = suite(gatewayUrl, tenant.adminKey(), "gateway-" + serverRequestsVia);

            assertTrue(direct.size() >= 30, "the suite ran its server scenarios: " + direct);
            Map<String, String> regressions = new TreeMap<>();
            direct.forEach((scenario, outcome) -> {
                if ("passed".equals(outcome) && !"passed".equals(gateway.get(scenario))) {
                    regressions.put(scenario, gateway.get(scenario));
                }
            });
            assertEquals(Map.of(), regressions, "passed directly but not through the gateway; direct " + direct
                    + ", gateway " + gateway);
            assertEquals("passed", gateway.get("dns-rebinding-protection"));
        }
    }

    private static Map<String, String> suite(String url, String apiKey, String name) {
        Path out = Path.of("target/node-logs/conformance-" + name + ".json").toAbsolutePath();
        List<String> command = apiKey == null
                ? List.of("run-conformance.mjs", "--url", url, "--out", out.toString())
                : List.of("run-conformance.mjs", "--url", url, "--out", out.toString(), "--header", "x-api-key: " + apiKey);
        NodePeers.runScript(command, Map.of());
        try {
            return JSON.readValue(Files.readString(out), new TypeReference<TreeMap<String, String>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.switchboard.support;

import static dev.switchboard.support.Api.ROOT;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.support.Api.TestTenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the MCP conformance suite's server scenarios (src/test/node/run-conformance.mjs) against one URL, and
 * puts the gateway in front of an upstream for it: the summary is {@code scenario -> passed | warning | failed | error}.
 */
public final class ConformanceSuite {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceSuite() {
    }

    /**
     * The suite's outcome against {@code url} (with the tenant's API key when {@code apiKey} is given); {@code
     * requirements} null runs the 2025 suite (0.1.16), else the 2026 one for exactly that revision's scenarios.
     * The summary is kept in target/node-logs/conformance-{@code name}.json, the suite's output beside it (.log).
     */
    public static Map<String, String> run(String url, String apiKey, String requirements, String name) {
        Path out = Path.of("target/node-logs/conformance-" + name + ".json").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("run-conformance.mjs", "--url", url, "--out", out.toString()));
        if (apiKey != null) {
            command.addAll(List.of("--header", "x-api-key: " + apiKey));
        }
        if (requirements != null) {
            command.addAll(List.of("--requirements", requirements));
        }
        String output = NodePeers.runScript(command, Map.of());
        try {
            Files.writeString(out.resolveSibling("conformance-" + name + ".log"), output);
            return JSON.readValue(Files.readString(out), new TypeReference<TreeMap<String, String>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A gateway URL (path and query, for user "conformance-user") in front of one upstream, registered as the
     * toolkit {@code slug} of a new server of the tenant with the name prefix off, so the suite sees the
     * upstream's own names.
     */
    public static String gatewayPath(TestTenant tenant, String slug, String upstreamUrl) {
        tenant.api().body(Map.of("slug", slug, "name", slug, "mcp_url", upstreamUrl)).post(ROOT + "/toolkits").then().statusCode(201);
        String serverId = tenant.api().body(Map.of("name", "conformance " + slug, "toolkits", List.of(slug), "tool_name_prefix", false))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        return "/v3/mcp/" + serverId + "/mcp?user_id=conformance-user";
    }

    /**
     * The scenarios {@code expected} passed that {@code actual} did not pass as well (one that passed there must pass
     * here; one that passed with warnings must pass, with or without them), with how they ended here.
     */
    public static Map<String, String> regressions(Map<String, String> expected, Map<String, String> actual) {
        Map<String, String> regressions = new TreeMap<>();
        expected.forEach((scenario, outcome) -> {
            String here = actual.get(scenario);
            boolean asWell = "passed".equals(here) || "warning".equals(outcome) && "warning".equals(here);
            if (("passed".equals(outcome) || "warning".equals(outcome)) && !asWell) {
                regressions.put(scenario, here);
            }
        });
        return regressions;
    }
}

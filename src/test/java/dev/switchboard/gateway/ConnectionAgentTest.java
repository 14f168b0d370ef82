package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.NodePeers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent with the TypeScript MCP SDK client meets a toolkit it has no connection for, gets the link in a tool
 * error, the user completes it, and the agent's next call reaches the upstream with the user's key
 * (src/test/node/connection-agent-check.mjs).
 */
@QuarkusTest
class ConnectionAgentTest {

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "switchboard.public-url")
    String publicUrl;

    private FakeUpstream upstream;

    @BeforeEach
    void startUpstream() {
        upstream = FakeUpstream.start(vertx).tool("whoami");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void theAgentGetsALinkAndCarriesOnAsTheUserOnceItIsCompleted() {
        TestTenant tenant = Api.newTenant();
        String url = userUrl(tenant, "hana");

        String output = NodePeers.runScript("connection-agent-check.mjs", Map.of("MCP_URL", url.replace(publicUrl, base()),
                "API_KEY", tenant.adminKey(), "PUBLIC_URL", publicUrl, "BASE_URL", base(), "TOOL", "crm__whoami", "KEY", "hana-token"));
        assertTrue(output.contains("\"waited\":\"ACTIVE\""), output);
        assertTrue(output.contains("\"answered\":\"ok\""), output);
        assertEquals(List.of("Bearer hana-token"), upstream.received().stream().filter(r -> "tools/call".equals(r.rpcMethod()))
                .map(r -> r.headers().get("Authorization")).toList(), "only the call after connecting reached the upstream, as hana");
    }

    /** A session client (2025-11-25) that opens links: asked on the call's stream, told when the elicitation is complete. */
    @Test
    void aSessionClientThatOpensLinksIsAskedAndTheSameCallAnswersOnceConnected() {
        connectsByElicitation("v1", "kofi");
    }

    /** A 2026-07-28 client: the same request as an input_required round, answered by its retry. */
    @Test
    void aStatelessClientThatOpensLinksIsAskedThroughAnInputRequiredRound() {
        connectsByElicitation("v2", "lena");
    }

    private void connectsByElicitation(String client, String user) {
        TestTenant tenant = Api.newTenant();
        String url = userUrl(tenant, user);

        String output = NodePeers.runScript("connection-elicitation-check.mjs", Map.of("MCP_URL", url.replace(publicUrl, base()),
                "API_KEY", tenant.adminKey(), "PUBLIC_URL", publicUrl, "BASE_URL", base(), "TOOLKIT", "crm", "TOOL", "crm__whoami",
                "KEY", user + "-token", "CLIENT", client));
        assertTrue(output.contains("\"user_answer\":\"accept\""), output);
        assertTrue(output.contains("\"user_answer\":\"decline\""), output);
        assertEquals(List.of("Bearer " + user + "-token"), upstream.received().stream().filter(r -> "tools/call".equals(r.rpcMethod()))
                .map(r -> r.headers().get("Authorization")).toList(), "the toolkit's call arrived as the user who connected");
    }

    /** A server whose toolkit needs each user's own bearer token, and its URL for {@code user}. */
    private String userUrl(TestTenant tenant, String user) {
        tenant.api().body(Map.of("slug", "crm", "name", "CRM", "mcp_url", upstream.mcpUrl())).post(ROOT + "/toolkits").then().statusCode(201);
        String config = tenant.authConfig("crm", "BEARER_TOKEN", Map.of());
        String server = tenant.api().body(Map.of("name", "agent", "toolkits", List.of("crm"), "auth_config_ids", List.of(config)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        return tenant.api().body(Map.of("mcp_server_id", server, "user_ids", List.of(user))).post(ROOT + "/mcp/servers/generate")
                .then().statusCode(200).extract().path("user_ids_url[0]");
    }

    private String base() {
        return base.toString().replaceAll("/$", "");
    }
}

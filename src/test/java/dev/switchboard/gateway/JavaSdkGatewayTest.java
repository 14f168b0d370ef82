package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Java MCP SDK (mcp-core) as the client, through the gateway to server-everything, both ways. */
@QuarkusTest
class JavaSdkGatewayTest {

    private static Upstream everything;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startUpstream() {
        everything = NodePeers.serverEverything("everything-java-sdk");
    }

    @AfterAll
    static void stopUpstream() {
        everything.close();
    }

    @Test
    void initializesListsCallsAndReceivesProgress() throws InterruptedException {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "every", "name", "Everything", "mcp_url", everything.mcpUrl()))
                .post(ROOT + "/toolkits").then().statusCode(201);
        String serverId = tenant.api().body(Map.of("name", "java", "toolkits", List.of("every"),
                        "allowed_tools", List.of("echo", "get-sum", "trigger-long-running-operation")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");

        HttpClientStreamableHttpTransport transport = transport(serverId, tenant.adminKey(), "java-user");
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add).build();
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertNotNull(init.capabilities().tools());

            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList();
            assertEquals(List.of("every__echo", "every__get-sum", "every__trigger-long-running-operation"), names);

            McpSchema.CallToolResult sum = client.callTool(McpSchema.CallToolRequest.builder()
                    .name("every__get-sum").arguments(Map.of("a", 2, "b", 40)).build());
            assertFalse(Boolean.TRUE.equals(sum.isError()));
            assertTrue(((McpSchema.TextContent) sum.content().get(0)).text().contains("42"), sum.toString());

            McpSchema.CallToolResult longRunning = client.callTool(McpSchema.CallToolRequest.builder()
                    .name("every__trigger-long-running-operation").arguments(Map.of("duration", 1, "steps", 3))
                    .progressToken("java-progress").build());
            assertTrue(((McpSchema.TextContent) longRunning.content().get(0)).text().contains("completed"));
            // The SDK hands notifications to the consumer on its own thread: the last may land just after the result.
            for (int i = 0; i < 100 && progress.size() < 3; i++) {
                Thread.sleep(50);
            }
            assertEquals(List.of(1.0, 2.0, 3.0), progress.stream().map(McpSchema.ProgressNotification::progress).toList());
            assertEquals("java-progress", progress.get(0).progressToken());

            McpSchema.CallToolResult hidden = callQuietly(client, "every__get-env");
            assertTrue(hidden == null || Boolean.TRUE.equals(hidden.isError()), "a tool outside allowed_tools must not run");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void answersSamplingAndElicitationRequestsRelayedFromTheUpstream() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "asks", "name", "Asks", "mcp_url", everything.mcpUrl()))
                .post(ROOT + "/toolkits").then().statusCode(201);
        String serverId = tenant.api().body(Map.of("name", "java asks", "toolkits", List.of("asks")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        List<String> asked = new CopyOnWriteArrayList<>();
        McpSyncClient client = McpClient.sync(transport(serverId, tenant.adminKey(), "java-asks-user"))
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                .sampling(request -> {
                    asked.add("sampling");
                    return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, "sampled in Java", "java-model").build();
                })
                .elicitation(request -> {
                    asked.add("elicitation");
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "Grace"));
                })
                .build();
        try {
            client.initialize();
            McpSchema.CallToolResult sampled = client.callTool(McpSchema.CallToolRequest.builder()
                    .name("asks__trigger-sampling-request").arguments(Map.of("prompt", "hello", "maxTokens", 10)).build());
            assertTrue(sampled.toString().contains("sampled in Java"), sampled.toString());
            McpSchema.CallToolResult elicited = client.callTool(McpSchema.CallToolRequest.builder()
                    .name("asks__trigger-elicitation-request").arguments(Map.of()).build());
            assertTrue(elicited.toString().contains("Grace"), elicited.toString());
            assertEquals(List.of("sampling", "elicitation"), asked);
        } finally {
            long ended = upstreamSessionsEnded();
            client.closeGracefully();
            // The SDK ends its session with DELETE; the gateway ends the upstream's session with it.
            assertTrue(upstreamSessionsEnded() > ended, "the upstream session was ended");
        }
    }

    private static long upstreamSessionsEnded() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("target/node-logs/everything-java-sdk.log")).stream()
                    .filter(line -> line.contains("Received session termination request")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpClientStreamableHttpTransport transport(String serverId, String apiKey, String userId) {
        return HttpClientStreamableHttpTransport.builder(base.toString().replaceAll("/$", ""))
                .endpoint("/v3/mcp/" + serverId + "/mcp?user_id=" + userId)
                .requestBuilder(HttpRequest.newBuilder().header("x-api-key", apiKey))
                .build();
    }

    private static McpSchema.CallToolResult callQuietly(McpSyncClient client, String tool) {
        try {
            return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(Map.of()).build());
        } catch (RuntimeException refused) {
            return null;
        }
    }
}

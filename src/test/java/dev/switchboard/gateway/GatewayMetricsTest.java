package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static dev.switchboard.support.MetricsScrape.moved;
import static dev.switchboard.support.MetricsScrape.scrape;
import static dev.switchboard.support.MetricsScrape.scrapeUntil;
import static dev.switchboard.support.RawMcpClient.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeEventStream;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.RawMcpClient.Reply;
import dev.switchboard.support.RawMcpClient.SseStream;
import dev.switchboard.support.SseLines;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What /q/metrics tells an operator, scraped before and after real traffic (the in-memory store, the default):
 * rate-limit decisions per key kind and tenant, the store's latency, upstream latency per toolkit, and the event
 * streams open to clients by kind (a POST's answer, a standalone GET, a legacy SSE session), which fall back
 * once the streams end. No label names a user or a tool.
 */
@QuarkusTest
class GatewayMetricsTest {

    private static final String USER = "metrics-user-4711";

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private FakeUpstream upstream;
    private RawMcpClient client;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start(vertx).tool("work");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        upstream.close();
    }

    @Test
    void metricsMoveWithTrafficByKindTenantAndToolkitOnly() throws InterruptedException {
        TestTenant tenant = Api.newTenant();
        String serverId = tenant.serverOver("metered", upstream.mcpUrl());
        Map<String, Double> before = scrape();

        client = new RawMcpClient(vertx, base, "/v3/mcp/" + serverId + "/mcp?user_id=" + USER, tenant.adminKey());
        client.initialize(new JsonObject());
        CompletableFuture<FakeUpstream.Call> held = new CompletableFuture<>();
        upstream.onCall(held::complete);
        Future<Reply> answering = client.send(toolCall(1, "metered__work", "p1"));
        FakeUpstream.Call call = held.orTimeout(20, TimeUnit.SECONDS).join();
        FakeEventStream upstreamStream = call.stream();
        upstreamStream.send(call.progress(1, 2, "half way"));
        Reply answer = RawMcpClient.await(answering);
        assertTrue(answer.isEventStream(), "the upstream's event stream is relayed as one");
        SseStream standalone = client.listen();
        HttpClient http = HttpClient.newHttpClient();
        SseLines legacy = SseLines.open(http, HttpRequest.newBuilder(URI.create(base + "v3/mcp/" + serverId + "/sse?user_id=" + USER))
                .header("x-api-key", tenant.adminKey()).header("Accept", "text/event-stream").build(), Duration.ofSeconds(20));
        legacy.nextData("endpoint");

        Map<String, Double> open = scrape();
        assertEquals(Map.of("answer", 1L, "standalone", 1L, "legacy", 1L), streamsOpened(before, open),
                "a POST's answer stream, a GET stream and a legacy SSE session are open");

        upstreamStream.send(call.response(FakeUpstream.text("done")));
        upstreamStream.end();
        answer.body();
        standalone.disconnect();
        legacy.close();
        Map<String, Long> closed = Map.of("answer", 0L, "standalone", 0L, "legacy", 0L);
        Map<String, Double> after = scrapeUntil(Duration.ofSeconds(10), now -> streamsOpened(before, now).equals(closed));
        assertEquals(closed, streamsOpened(before, after), "streams that ended are not counted any more");

        String admitted = "switchboard_ratelimit_decisions_total{kind=\"user\",outcome=\"admitted\",tenant=\"" + tenant.id() + "\"}";
        assertEquals(2, moved(before, after, admitted), "initialize and tools/call, bound by the user limit (the fewest left)");
        assertTrue(moved(before, after, "switchboard_ratelimit_store_latency_seconds_count{store=\"memory\"}") >= 2,
                "every decision is timed, the management API's too");
        assertEquals(1, moved(before, after, "switchboard_gateway_upstream_latency_seconds_count{toolkit=\"metered\"}"));
        assertTrue(after.keySet().stream().anyMatch(key -> key.startsWith("switchboard_gateway_upstream_latency_seconds_bucket{")
                && key.contains("le=") && key.contains("toolkit=\"metered\"")), "upstream latency is a histogram");

        String text = RestAssured.get("/q/metrics").asString();
        assertFalse(text.contains(USER), "no user ids as labels");
        assertFalse(text.contains(serverId), "no server ids as labels: HTTP requests are tagged by the path's template");
        assertTrue(after.keySet().stream().anyMatch(key -> key.startsWith("http_server_requests_seconds_count{")
                && key.contains("uri=\"/v3/mcp/{serverId}/mcp\"")), "the Streamable HTTP endpoint's requests");
        assertFalse(text.contains("metered__work") || text.contains("tool=\""), "no tool names as labels");
    }

    private static Map<String, Long> streamsOpened(Map<String, Double> before, Map<String, Double> now) {
        Map<String, Long> opened = new HashMap<>();
        for (String kind : List.of("answer", "standalone", "legacy")) {
            opened.put(kind, moved(before, now, "switchboard_gateway_client_streams{kind=\"" + kind + "\"}"));
        }
        return opened;
    }
}

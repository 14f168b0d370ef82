package dev.switchboard.gateway;

import static dev.switchboard.support.RawMcpClient.await;
import static dev.switchboard.support.RawMcpClient.request;
import static dev.switchboard.support.RawMcpClient.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.MetricsScrape;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.RawMcpClient.Reply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream connections that close under a request before it is answered, the way a kept-alive connection goes when
 * the upstream closes it as idle just as the gateway writes to it: what cannot have been carried out, or changes
 * nothing when carried out twice, goes again on another connection and the client never sees the loss; a tool call,
 * which might have been carried out, is not repeated.
 */
@QuarkusTest
class UpstreamConnectionLossTest {

    private static final String RESENT = "switchboard_gateway_upstream_resent_total";
    /** How long the upstream of the idle tests keeps a connection idle; the pool would keep one for seconds. */
    private static final int IDLE_TIMEOUT_MILLIS = 100;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private FakeUpstream upstream;
    private RawMcpClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aListingWhoseConnectionClosedUnderItGoesAgainAndTheClientGetsTheWholeList() {
        upstream = FakeUpstream.start(vertx).tool("work");
        connect().initialize(new JsonObject());
        Map<String, Double> before = MetricsScrape.scrape();
        long listedBefore = received("tools/list");
        upstream.droppingLists(1);

        JsonObject answer = client.post(request(1, "tools/list", new JsonObject())).json();

        assertEquals(List.of("fake__work"), toolNames(answer));
        assertEquals(2, received("tools/list") - listedBefore, "the first tools/list, dropped, and the one sent again");
        assertEquals(1, MetricsScrape.moved(before, MetricsScrape.scrape(), RESENT));
    }

    @Test
    void aToolCallWhoseConnectionClosedUnderItIsNotRepeated() {
        upstream = FakeUpstream.start(vertx).tool("work").onCall(FakeUpstream.Call::dropConnection);
        connect().initialize(new JsonObject());

        JsonObject answer = client.post(toolCall(7, "fake__work", null)).json();

        JsonObject result = answer.getJsonObject("result");
        assertEquals(Boolean.TRUE, result.getBoolean("isError"), answer.encode());
        assertTrue(result.encode().contains("did not answer"), answer.encode());
        assertEquals(1, received("tools/call"), "a tool call the upstream may have carried out went again");
    }

    @Test
    void listingsOverConnectionsTheUpstreamClosesAsIdleNeverFail() {
        // Listings about as far apart as the upstream's idle timeout are written to connections as it closes them.
        upstream = upstreamClosingIdleConnections();
        connect().initialize(new JsonObject());
        List<String> missing = inRoundsAtTheUpstreamsIdleTimeout(id -> request(id, "tools/list", new JsonObject()),
                answer -> !toolNames(answer).equals(List.of("fake__work")));
        assertEquals(List.of(), missing, "listings that lost the upstream's tools");
    }

    @Test
    void toolCallsOverConnectionsTheUpstreamClosesAsIdleNeverFail() {
        upstream = upstreamClosingIdleConnections();
        connect().initialize(new JsonObject());
        // One connection left idle until the upstream closes it: the gateway learns how long it keeps one.
        assertEquals(false, client.post(toolCall("first", "fake__work", null)).json().getJsonObject("result").getBoolean("isError", false));
        sleepMillis(300);
        List<String> failed = inRoundsAtTheUpstreamsIdleTimeout(id -> toolCall(id, "fake__work", null),
                answer -> answer.getJsonObject("result").getBoolean("isError", false));
        assertEquals(List.of(), failed, "tool calls written into connections the upstream had closed");
    }

    /**
     * Forty rounds of four concurrent requests, about as far apart as the upstream's idle timeout: the answers found
     * wrong.
     */
    private List<String> inRoundsAtTheUpstreamsIdleTimeout(IntFunction<JsonObject> request, Predicate<JsonObject> wrong) {
        List<String> wrongAnswers = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replies.add(client.send(request.apply(round * 4 + i)));
            }
            for (Future<Reply> reply : replies) {
                JsonObject answer = await(reply).json();
                if (wrong.test(answer)) {
                    wrongAnswers.add(answer.encode());
                }
            }
            sleepMillis(IDLE_TIMEOUT_MILLIS - 4 + round % 9);
        }
        return wrongAnswers;
    }

    private FakeUpstream upstreamClosingIdleConnections() {
        return FakeUpstream.start(vertx, new HttpServerOptions().setIdleTimeout(IDLE_TIMEOUT_MILLIS)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)).tool("work");
    }

    private RawMcpClient connect() {
        TestTenant tenant = Api.newTenant();
        String id = tenant.serverOver("fake", upstream.mcpUrl());
        client = new RawMcpClient(vertx, base, "/v3/mcp/" + id + "/mcp?user_id=u", tenant.adminKey());
        return client;
    }

    private long received(String method) {
        return upstream.received().stream().filter(r -> method.equals(r.rpcMethod())).count();
    }

    private static List<String> toolNames(JsonObject answer) {
        JsonArray tools = answer.getJsonObject("result", new JsonObject()).getJsonArray("tools", new JsonArray());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            names.add(tools.getJsonObject(i).getString("name"));
        }
        return names;
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

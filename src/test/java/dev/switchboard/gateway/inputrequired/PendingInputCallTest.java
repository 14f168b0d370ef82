package dev.switchboard.gateway.inputrequired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rounds of one call held for the client's input, message by message (no I/O: what goes where is recorded). */
class PendingInputCallTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(60);

    private final List<ObjectNode> toClient = new ArrayList<>();
    private final List<ObjectNode> toUpstream = new ArrayList<>();
    private final AtomicInteger resumed = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger rounds = new AtomicInteger();

    private PendingInputCall call(String capabilities) throws Exception {
        GatewayCall gatewayCall = new GatewayCall(new ResolvedServer(new TenantId("ten_a"), "mcp_1", "s", List.of(), false, true,
                List.of()), "alice", "key");
        PendingInputCall call = new PendingInputCall("mrtr_1", gatewayCall, "digest", JSON.readTree(capabilities), TIMEOUT,
                toClient::add, toUpstream::add, pending -> "state-" + rounds.incrementAndGet(), finished::incrementAndGet);
        call.onResume(resumed::incrementAndGet);
        return call;
    }

    private static ObjectNode message(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static ObjectNode elicitation(String id) throws Exception {
        return message("{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"elicitation/create\",\"params\":{\"message\":\"name?\"}}");
    }

    private static JsonNode responses(String... keys) throws Exception {
        ObjectNode responses = JSON.createObjectNode();
        for (String key : keys) {
            responses.set(key, message("{\"action\":\"accept\",\"content\":{\"name\":\"" + key + "\"}}"));
        }
        return responses;
    }

    @Test
    void theUpstreamsRequestBecomesARoundAndTheRetrysAnswerCompletesIt() throws Exception {
        PendingInputCall call = call("{\"elicitation\":{}}");
        call.fromUpstream(elicitation("sb:alpha:0"));
        assertTrue(toClient.isEmpty(), "nothing goes out before other replicas can take the retry");
        call.ready();
        assertEquals(1, toClient.size());
        JsonNode round = toClient.get(0).path("result");
        assertEquals("input_required", round.path("resultType").asText());
        assertEquals("elicitation/create", round.path("inputRequests").path("input-1").path("method").asText());
        assertEquals("state-1", round.path("requestState").asText());
        assertTrue(call.holdsUpstream(), "the upstream is held paused while the client answers");

        List<ObjectNode> retryGot = new ArrayList<>();
        call.retry(responses("input-1", "input-9"), retryGot::add);
        assertEquals(1, toUpstream.size(), "only the request asked is answered");
        assertEquals("sb:alpha:0", toUpstream.get(0).path("id").asText());
        assertEquals("input-1", toUpstream.get(0).path("result").path("content").path("name").asText());
        assertFalse(call.holdsUpstream());
        assertEquals(1, resumed.get(), "the upstream is read again for its answer");

        call.fromUpstream(message("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}"));
        assertEquals(1, retryGot.size());
        assertEquals(7, retryGot.get(0).path("id").asInt());
        assertTrue(call.isDone());
        assertEquals(1, finished.get());
    }

    @Test
    void whatTheRetryLeavesUnansweredIsAskedAgainAtOnce() throws Exception {
        PendingInputCall call = call("{\"elicitation\":{},\"sampling\":{}}");
        call.fromUpstream(elicitation("sb:alpha:0"));
        call.fromUpstream(message("{\"jsonrpc\":\"2.0\",\"id\":\"sb:alpha:1\",\"method\":\"sampling/createMessage\",\"params\":{}}"));
        call.ready();
        assertEquals(2, toClient.get(0).path("result").path("inputRequests").size(), "both requests in the first round");

        List<ObjectNode> retryGot = new ArrayList<>();
        call.retry(responses("input-1"), retryGot::add);
        assertEquals(1, retryGot.size());
        JsonNode again = retryGot.get(0).path("result");
        assertEquals("input_required", again.path("resultType").asText());
        List<String> keys = new ArrayList<>();
        again.path("inputRequests").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("input-2"), keys);
        assertEquals("state-2", again.path("requestState").asText());
        assertEquals(0, resumed.get(), "still waiting for the client: the upstream stays paused");
        assertTrue(call.holdsUpstream());
    }

    @Test
    void aRequestTheClientDidNotDeclareIsRefusedUpstreamAndNeverAsked() throws Exception {
        PendingInputCall call = call("{\"sampling\":{}}");
        call.ready();
        call.fromUpstream(elicitation("sb:alpha:3"));
        assertEquals(1, toUpstream.size());
        assertEquals(-32021, toUpstream.get(0).path("error").path("code").asInt());
        assertEquals(message("{\"elicitation\":{}}"), toUpstream.get(0).path("error").path("data").path("requiredCapabilities"));
        assertEquals("sb:alpha:3", toUpstream.get(0).path("id").asText());
        assertTrue(toClient.isEmpty());
    }

    @Test
    void theUpstreamIsReadOnUntilTheFirstRoundGoesOutAndHeldBeforeTheClientSeesIt() throws Exception {
        PendingInputCall call = call("{\"elicitation\":{},\"sampling\":{},\"roots\":{}}");
        List<Integer> clientSawWhenHeld = new ArrayList<>();
        call.onHold(() -> clientSawWhenHeld.add(toClient.size()));
        call.fromUpstream(elicitation("sb:alpha:0"));
        assertFalse(call.holdsUpstream(), "what the upstream sends with its first request is still read");
        call.fromUpstream(message("{\"jsonrpc\":\"2.0\",\"id\":\"sb:alpha:1\",\"method\":\"sampling/createMessage\",\"params\":{}}"));
        call.fromUpstream(message("{\"jsonrpc\":\"2.0\",\"id\":\"sb:alpha:2\",\"method\":\"roots/list\"}"));
        call.ready();
        assertEquals(3, toClient.get(0).path("result").path("inputRequests").size(), "asked together");
        assertEquals(List.of(0), clientSawWhenHeld, "held once, before the round went out");
        assertTrue(call.holdsUpstream());

        call.retry(responses("input-1", "input-2", "input-3"), message -> {
        });
        assertEquals(3, toUpstream.size());
        assertFalse(call.holdsUpstream());
        assertEquals(1, resumed.get());
    }

    @Test
    void aResultThatCameBeforeTheRetryIsItsAnswer() throws Exception {
        PendingInputCall call = call("{\"elicitation\":{}}");
        call.ready();
        call.fromUpstream(elicitation("sb:alpha:0"));
        call.fromUpstream(message("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603,\"message\":\"gave up\"}}"));
        List<ObjectNode> retryGot = new ArrayList<>();
        call.retry(responses(), retryGot::add);
        assertEquals(-32603, retryGot.get(0).path("error").path("code").asInt());
        assertTrue(call.isDone());
    }

    @Test
    void aSecondRetryWhileOneWaitsIsRefused() throws Exception {
        PendingInputCall call = call("{\"elicitation\":{}}");
        call.ready();
        call.fromUpstream(elicitation("sb:alpha:0"));
        call.retry(responses("input-1"), message -> {
        });
        List<ObjectNode> second = new ArrayList<>();
        call.retry(responses("input-1"), second::add);
        assertEquals(-32602, second.get(0).path("error").path("code").asInt());
        assertEquals(1, toUpstream.size(), "the upstream was answered once");
    }

    @Test
    void aClientThatNeverRetriesGetsTheUpstreamAnErrorAndReleasesTheCall() throws Exception {
        PendingInputCall call = call("{\"elicitation\":{}}");
        call.ready();
        call.fromUpstream(elicitation("sb:alpha:0"));
        assertFalse(call.expireIfDue(System.nanoTime()), "not due yet");
        assertTrue(call.expireIfDue(System.nanoTime() + TIMEOUT + 1));
        assertEquals(1, toUpstream.size());
        assertEquals("sb:alpha:0", toUpstream.get(0).path("id").asText());
        assertEquals(-32603, toUpstream.get(0).path("error").path("code").asInt());
        assertEquals(1, resumed.get(), "the upstream is read again so its call ends there");
        assertEquals(1, finished.get());
        assertFalse(call.holdsUpstream());
        List<ObjectNode> late = new ArrayList<>();
        call.retry(responses("input-1"), late::add);
        assertEquals(-32602, late.get(0).path("error").path("code").asInt());
        assertEquals(1, toUpstream.size(), "a late retry forwards nothing");
    }
}

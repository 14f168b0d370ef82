package dev.switchboard.gateway.relay;

import static dev.switchboard.support.Api.ROOT;
import static dev.switchboard.support.RawMcpClient.await;
import static dev.switchboard.support.RawMcpClient.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeEventStream;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.FakeUpstream.Call;
import dev.switchboard.support.FakeUpstream.Received;
import dev.switchboard.support.LogCapture;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.RawMcpClient.Reply;
import dev.switchboard.support.RawMcpClient.SseStream;
import dev.switchboard.support.SseLines;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stateful relay driven from both ends, in process: a raw MCP client on the gateway's MCP URL and a
 * scripted upstream ({@link FakeUpstream}) behind it, each behaviour asserted on what the client gets and
 * what reached the upstream. Only the HTTP surface is used (the REST API to register, the MCP URL to call).
 */
@QuarkusTest
class RelayHarnessTest {

    private static final String SLUG = "fake";
    private static final String TOOL = SLUG + "__work";

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private FakeUpstream upstream;
    private RawMcpClient client;

    @BeforeEach
    void startUpstream() {
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
    void anUpstreamThatLostTheSessionIsInitializedAgainAndTheCallRetriedOnTheNewSession() {
        upstream.onCall(call -> call.respond(FakeUpstream.text("answered in " + call.sessionId())));
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl());
        client.initialize(new JsonObject());
        String before = last(upstream.sessionsIssued());
        int mark = upstream.received().size();

        upstream.restart();
        Reply reply = client.post(toolCall(7, TOOL, null));

        assertEquals(200, reply.status());
        JsonObject answer = reply.json();
        String after = last(upstream.sessionsIssued());
        assertEquals(7, answer.getValue("id"), answer.encode());
        assertEquals("answered in " + after, text(answer), answer.encode());
        assertEquals(List.of("tools/call@" + before, "initialize@-", "notifications/initialized@" + after, "tools/call@" + after),
                upstream.received().subList(mark, upstream.received().size()).stream()
                        .map(r -> r.rpcMethod() + "@" + (r.sessionId() == null ? "-" : r.sessionId())).toList());
    }

    @Test
    void anHttpErrorOfTheUpstreamReachesTheClientAsAJsonRpcErrorForItsOwnRequest() {
        upstream.onCall(call -> call.httpError(500, "stack trace with internal-detail-42"));
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl());
        client.initialize(new JsonObject());

        Reply reply = client.post(toolCall("call-2", TOOL, null));

        assertEquals(200, reply.status());
        JsonObject answer = reply.json();
        assertEquals("call-2", answer.getValue("id"), answer.encode());
        boolean toolError = answer.containsKey("result") && answer.getJsonObject("result").getBoolean("isError", false);
        assertTrue(answer.containsKey("error") || toolError, answer.encode());
        // Errors say what failed, never the upstream's own text.
        assertFalse(answer.encode().contains("internal-detail-42"), answer.encode());
    }

    @Test
    void anUpstreamThatDiesMidCallGivesTheClientAToolErrorOnItsStream() {
        upstream.onCall(call -> {
            FakeEventStream events = call.stream();
            events.send(call.progress(1, 3, "started")).onSuccess(sent -> events.kill());
        });
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl());
        client.initialize(new JsonObject());

        Reply reply = client.post(toolCall("dies", TOOL, "p-dies"));

        assertTrue(reply.isEventStream());
        List<String> events = SseLines.dataOf(reply.body());
        assertEquals(2, events.size(), events.toString());
        assertEquals("notifications/progress", new JsonObject(events.get(0)).getString("method"));
        JsonObject answer = new JsonObject(events.get(1));
        assertEquals("dies", answer.getValue("id"), answer.encode());
        assertTrue(answer.getJsonObject("result").getBoolean("isError"), answer.encode());
    }

    @Test
    void anUpstreamThatNumbersItsEventsAndDiesMidCallStillGivesTheClientAToolError() {
        upstream.onCall(call -> {
            FakeEventStream events = call.stream();
            events.send(call.progress(1, 3, "started"), "e-1").onSuccess(sent -> events.kill());
        });
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl());
        client.initialize(new JsonObject());

        List<String> events = SseLines.dataOf(client.post(toolCall("numbered", TOOL, "p-numbered")).body());
        assertEquals(2, events.size(), events.toString());
        JsonObject answer = new JsonObject(events.get(1));
        assertEquals("numbered", answer.getValue("id"), answer.encode());
        assertTrue(answer.getJsonObject("result").getBoolean("isError"), answer.encode());
    }

    @Test
    void anUpstreamThatEndsItsStreamWithoutAnsweringGivesTheClientAToolError() {
        upstream.onCall(call -> {
            FakeEventStream events = call.stream();
            events.send(call.progress(1, 3, "started")).onSuccess(sent -> events.end());
        });
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl());
        client.initialize(new JsonObject());

        List<String> events = SseLines.dataOf(client.post(toolCall("ends", TOOL, "p-ends")).body());
        assertEquals(2, events.size(), events.toString());
        assertEquals("notifications/progress", new JsonObject(events.get(0)).getString("method"));
        JsonObject answer = new JsonObject(events.get(1));
        assertEquals("ends", answer.getValue("id"), answer.encode());
        assertTrue(answer.getJsonObject("result").getBoolean("isError"), answer.encode());
    }

    @Test
    void aClientThatReadsSlowlyPausesTheUpstreamAndStillGetsEveryEventInOrder() {
        readSlowly(null, Duration.ZERO);
    }

    @Test
    void aClientThatPausesLongerThanTheToolkitTimeoutStillGetsTheWholeStream() {
        readSlowly(2_000, Duration.ofSeconds(4));
    }

    /**
     * A long event stream to a client that reads nothing until the upstream came to a stop, and {@code extraPause}
     * more, then reads everything; with the toolkit's {@code timeoutMillis} (null: the gateway's).
     */
    private void readSlowly(Integer timeoutMillis, Duration extraPause) {
        int count = 6_000;
        String padding = "x".repeat(6_000);
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean sawFull = new AtomicBoolean();
        upstream.onCall(call -> new Runnable() {
            private final FakeEventStream events = call.stream();

            @Override
            public void run() {
                while (written.get() < count && !events.writeQueueFull()) {
                    events.send(call.progress(written.incrementAndGet(), count, padding));
                }
                if (written.get() < count) {
                    sawFull.set(true);
                    events.drainHandler(this);
                } else {
                    events.send(call.response(FakeUpstream.text("done")));
                    events.end();
                }
            }
        }.run());
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl(), timeoutMillis);
        client.initialize(new JsonObject());

        AtomicInteger seen = new AtomicInteger();
        AtomicReference<String> wrong = new AtomicReference<>();
        Promise<JsonObject> result = Promise.promise();
        Reply reply = client.post(toolCall("bp", TOOL, "bp-token"));
        assertTrue(reply.isEventStream(), reply.header("Content-Type"));
        SseStream stream = reply.pausedEvents(message -> {
            if ("notifications/progress".equals(message.getString("method"))) {
                JsonObject params = message.getJsonObject("params");
                int progress = params.getInteger("progress");
                if (progress != seen.get() + 1 || !"bp-token".equals(params.getValue("progressToken"))) {
                    wrong.compareAndSet(null, "after progress " + seen.get() + " came " + params.copy().put("message", "…"));
                }
                seen.set(progress);
            } else {
                result.tryComplete(message);
            }
        });
        stream.ended().onComplete(ended -> result.tryFail("the stream ended after " + seen.get() + " events, without the response"));

        // The client reads nothing yet: the upstream must come to a stop, short of the end.
        int stalledAt = awaitStall(written);
        assertTrue(sawFull.get(), "the upstream's write queue never filled");
        assertTrue(stalledAt < count, "the upstream wrote all " + count + " events to a client that read none");

        sleep(extraPause);
        stream.resume();
        JsonObject answer = RawMcpClient.await(result.future());
        assertNull(wrong.get(), wrong.get());
        assertEquals(count, seen.get());
        assertEquals("bp", answer.getValue("id"), answer.encode());
        assertEquals("done", text(answer));
        await(stream.ended());
    }

    @Test
    void aServerRequestOnTheStandaloneStreamIsHeldUntilTheClientsStreamConnects() {
        upstream.onCall(call -> call.respond(FakeUpstream.text("done")));
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl());
        client.initialize(new JsonObject().put("elicitation", new JsonObject()));
        // A call from a client that can be asked makes the gateway listen to the upstream's standalone stream.
        assertEquals(1, client.post(toolCall(1, TOOL, null)).json().getValue("id"));
        FakeEventStream standalone = upstream.awaitStandaloneStream();
        String upstreamSession = last(upstream.sessionsIssued());

        // No call in flight, no client GET: the request can only wait in the gateway.
        JsonObject elicit = RawMcpClient.request("elicit-1", "elicitation/create", new JsonObject()
                .put("message", "Your name?")
                .put("requestedSchema", new JsonObject().put("type", "object")
                        .put("properties", new JsonObject().put("name", new JsonObject().put("type", "string")))));
        await(onEventLoop(() -> standalone.send(elicit)));
        sleep(Duration.ofMillis(500));
        SseStream get = client.listen();

        JsonObject request = get.next();
        assertEquals("elicitation/create", request.getString("method"), request.encode());
        assertEquals("s:" + SLUG + ":\"elicit-1\"", request.getValue("id"));
        assertEquals(elicit.getJsonObject("params"), request.getJsonObject("params"));
        JsonObject content = new JsonObject().put("name", "Ada");
        Reply ack = client.post(new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                .put("result", new JsonObject().put("action", "accept").put("content", content)));
        assertEquals(202, ack.status());

        Received answer = awaitReceived(r -> r.message() != null && "elicit-1".equals(r.message().getValue("id")));
        assertEquals(upstreamSession, answer.sessionId());
        assertEquals(content, answer.message().getJsonObject("result").getJsonObject("content"));
    }

    @Test
    void aLegacyUpstreamsInterleavedProgressReachesEachCallersOwnStream() {
        List<Call> calls = new ArrayList<>();
        upstream.onCall(call -> {
            List<Call> both;
            // The two POSTs may arrive on two event loops at once.
            synchronized (calls) {
                calls.add(call);
                if (calls.size() < 2) {
                    return;
                }
                both = List.copyOf(calls);
            }
            Call a = "a".equals(both.get(0).arguments().getString("who")) ? both.get(0) : both.get(1);
            Call b = a == both.get(0) ? both.get(1) : both.get(0);
            for (int step = 1; step <= 3; step++) {
                a.stream().send(a.progress(step, 3, "a-" + step));
                b.stream().send(b.progress(step, 3, "b-" + step));
            }
            b.respond(FakeUpstream.text("result b"));
            a.respond(FakeUpstream.text("result a"));
        });
        RawMcpClient client = connect("sse", upstream.sseUrl());
        client.initialize(new JsonObject());

        JsonObject callA = toolCall("a", TOOL, "tok-a");
        callA.getJsonObject("params").getJsonObject("arguments").put("who", "a");
        JsonObject callB = toolCall("b", TOOL, 42);
        callB.getJsonObject("params").getJsonObject("arguments").put("who", "b");
        // Neither is answered before both reached the upstream: both in flight at once.
        Future<Reply> replyA = client.send(callA);
        Future<Reply> replyB = client.send(callB);

        assertOwnStream(await(replyA), "a", "tok-a");
        assertOwnStream(await(replyB), "b", 42);
    }

    @Test
    void aClientThatGoesAwayMidStreamMakesTheGatewayDropTheUpstreamRequest() {
        List<FakeEventStream> streams = new CopyOnWriteArrayList<>();
        upstream.onCall(call -> {
            FakeEventStream events = call.stream();
            streams.add(events);
            AtomicInteger step = new AtomicInteger();
            long timer = vertx.setPeriodic(50, id -> events.send(call.progress(step.incrementAndGet(), 0, null)));
            events.closed().onComplete(closed -> vertx.cancelTimer(timer));
        });
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl());
        client.initialize(new JsonObject());

        try (LogCapture log = LogCapture.start()) {
            SseStream stream = client.post(toolCall(3, TOOL, "tok")).events();
            assertEquals("notifications/progress", stream.next().getString("method"));
            stream.disconnect();

            assertEquals(1, streams.size());
            await(streams.get(0).closed());
            assertEquals("", log.text(), "logged for a client that went away");
        }
    }

    @Test
    void aClientThatGoesAwayBeforeTheAnswerMakesTheGatewayDropTheUpstreamRequestAndLogNothing() {
        List<Future<Void>> closed = new CopyOnWriteArrayList<>();
        upstream.onCall(call -> closed.add(call.closedUnanswered()));
        RawMcpClient client = connect("streamable_http", upstream.mcpUrl());
        client.initialize(new JsonObject());

        try (LogCapture log = LogCapture.start()) {
            client.send(toolCall(4, TOOL, null));
            awaitReceived(received -> "tools/call".equals(received.rpcMethod()));
            client.close();

            assertEquals(1, closed.size());
            await(closed.get(0));
            assertEquals("", log.text(), "logged for a client that went away");
        }
    }

    private void assertOwnStream(Reply reply, String who, Object token) {
        assertTrue(reply.isEventStream(), reply.header("Content-Type"));
        SseStream stream = reply.events();
        List<String> got = new ArrayList<>();
        for (int step = 1; step <= 3; step++) {
            JsonObject progress = stream.next();
            assertEquals("notifications/progress", progress.getString("method"), progress.encode());
            assertEquals(token, progress.getJsonObject("params").getValue("progressToken"), progress.encode());
            got.add(progress.getJsonObject("params").getString("message"));
        }
        assertEquals(List.of(who + "-1", who + "-2", who + "-3"), got);
        JsonObject answer = stream.next();
        assertEquals(who, answer.getValue("id"), answer.encode());
        assertEquals("result " + who, text(answer));
        await(stream.ended());
        assertFalse(stream.hasNext(), "events after the response on the stream of " + who);
    }

    private RawMcpClient connect(String transport, String url) {
        return connect(transport, url, null);
    }

    /** A tenant, a toolkit for the fake upstream, a server with it, and a client of the server's MCP URL. */
    private RawMcpClient connect(String transport, String url, Integer timeoutMillis) {
        TestTenant tenant = Api.newTenant();
        Map<String, Object> toolkit = new java.util.HashMap<>(Map.of("slug", SLUG, "name", SLUG, "mcp_url", url, "transport", transport));
        if (timeoutMillis != null) {
            toolkit.put("timeout_ms", timeoutMillis);
        }
        tenant.api().body(toolkit).post(ROOT + "/toolkits").then().statusCode(201);
        String id = tenant.api().body(Map.of("name", "relay", "toolkits", List.of(SLUG), "allowed_tools", List.of()))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        client = new RawMcpClient(vertx, base, "/v3/mcp/" + id + "/mcp?user_id=u", tenant.adminKey());
        return client;
    }

    private <T> Future<T> onEventLoop(java.util.function.Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        vertx.runOnContext(v -> action.get().onComplete(done));
        return done.future();
    }

    private Received awaitReceived(java.util.function.Predicate<Received> which) {
        long deadline = System.nanoTime() + RawMcpClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received received : upstream.received()) {
                if (which.test(received)) {
                    return received;
                }
            }
            sleep(Duration.ofMillis(50));
        }
        throw new AssertionError("the upstream did not receive it; it received " + upstream.received());
    }

    /** The count once it stopped growing for a second. */
    private static int awaitStall(AtomicInteger count) {
        long deadline = System.nanoTime() + RawMcpClient.WAIT.toNanos();
        int last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = count.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > 1_000_000_000L) {
                return last;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("the upstream never stopped writing; it wrote " + last);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String text(JsonObject answer) {
        assertNotNull(answer.getJsonObject("result"), answer.encode());
        return answer.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }
}

package dev.switchboard.gateway.transport;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.pipeline.Admission;
import dev.switchboard.gateway.pipeline.Authentication;
import dev.switchboard.gateway.pipeline.GatewayRequest;
import dev.switchboard.gateway.pipeline.Resolution;
import dev.switchboard.gateway.pipeline.TransportRules;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.relay.EventSink;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.relay.UpstreamRequest;
import dev.switchboard.gateway.upstream.Listening;
import dev.switchboard.gateway.upstream.RelayedAnswer;
import dev.switchboard.gateway.upstream.StreamableHttpUpstream;
import dev.switchboard.gateway.upstream.UpstreamAnswer;
import dev.switchboard.gateway.upstream.UpstreamTransport;
import dev.switchboard.gateway.upstream.Upstreams;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.SseLines;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failure injected into each stage of the gateway's pipeline, in each way code fails (thrown by the
 * stage, a failed result, thrown inside a callback of its result), on both client transports: the
 * client always gets an answer (a problem before the response started, a JSON-RPC error on the stream
 * after), never a wait. Waits are bounded generously; what is asserted is that an answer came.
 */
@QuarkusTest
class FailureExitTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"failure-test","version":"1"}}}""";
    private static final String LIST_TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":\"list-1\",\"method\":\"tools/list\"}";

    /** How an injected failure happens. */
    enum Fault {
        THROWN {
            @Override
            Uni<Void> inject() {
                throw new IllegalStateException("injected: thrown by the stage");
            }
        },
        FAILED_RESULT {
            @Override
            Uni<Void> inject() {
                return Uni.createFrom().failure(new IllegalStateException("injected: a failed result"));
            }
        },
        THROWN_IN_CALLBACK {
            @Override
            Uni<Void> inject() {
                return Uni.createFrom().item("ok").invoke(ok -> {
                    throw new IllegalStateException("injected: thrown inside a callback");
                }).replaceWithVoid();
            }
        };

        abstract Uni<Void> inject();
    }

    enum Stage {
        TRANSPORT_RULES, AUTHENTICATION, RESOLUTION, ADMISSION
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Vertx vertx;

    @Inject
    StreamableHttpUpstream streamableHttp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
    private TestTenant tenant;
    private String serverUrl;

    @BeforeEach
    void server() {
        tenant = Api.newTenant();
        // An upstream that is not there: it drops out of every session, which is all these tests need.
        tenant.toolkit("absent");
        String id = tenant.api().body(Map.of("name", "failures", "toolkits", List.of("absent")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        serverUrl = base.toString().replaceAll("/$", "") + "/v3/mcp/" + id;
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aStreamableHttpClientGetsAProblemWhenAStageBeforeDispatchFails(Stage stage) throws Exception {
        for (Fault fault : faultsOf(stage)) {
            inject(stage, fault);
            HttpResponse<String> answer = post(serverUrl + "/mcp?user_id=u", INITIALIZE, null);
            assertProblem(answer, stage + "/" + fault);
        }
    }

    @ParameterizedTest
    @EnumSource(Stage.class)
    void aLegacySseClientGetsAProblemWhenAStageBeforeDispatchFails(Stage stage) throws Exception {
        for (Fault fault : faultsOf(stage)) {
            inject(stage, fault);
            HttpResponse<String> stream = send(request(serverUrl + "/sse?user_id=u").header("Accept", "text/event-stream").GET());
            assertProblem(stream, "GET /sse " + stage + "/" + fault);
            HttpResponse<String> message = post(serverUrl + "/messages?session_id=sse_x&user_id=u", LIST_TOOLS, null);
            assertProblem(message, "POST /messages " + stage + "/" + fault);
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aStreamableHttpClientGetsAProblemWhenDispatchFailsBeforeAnswering(Fault fault) throws Exception {
        String sessionId = post(serverUrl + "/mcp?user_id=u", INITIALIZE, null).headers().firstValue("Mcp-Session-Id").orElseThrow();
        installDispatcher(exchange -> fault.inject());
        assertProblem(post(serverUrl + "/mcp?user_id=u", LIST_TOOLS, sessionId), "dispatch/" + fault);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aStreamableHttpClientGetsAJsonRpcErrorOnItsStreamWhenDispatchFailsAfterTheStreamOpened(Fault fault) throws Exception {
        String sessionId = post(serverUrl + "/mcp?user_id=u", INITIALIZE, null).headers().firstValue("Mcp-Session-Id").orElseThrow();
        installDispatcher(exchange -> {
            exchange.reply().openStream().send(new SseEvent(null, null,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"started\"}}", null));
            return fault.inject();
        });
        HttpResponse<String> answer = post(serverUrl + "/mcp?user_id=u", LIST_TOOLS, sessionId);
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> events = SseLines.dataOf(answer.body());
        assertEquals(2, events.size(), answer.body());
        JsonNode error = JSON.readTree(events.get(1));
        assertEquals("list-1", error.path("id").asText(), answer.body());
        assertEquals(-32603, error.path("error").path("code").asInt(), answer.body());
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aLegacySseClientGetsAJsonRpcErrorOnTheSessionStreamWhenDispatchFails(Fault fault) throws Exception {
        try (SseLines stream = SseLines.open(http, request(serverUrl + "/sse?user_id=u").header("Accept", "text/event-stream")
                .GET().build(), ANSWER_WITHIN)) {
            String endpoint = stream.nextData("endpoint");
            String messages = base.toString().replaceAll("/$", "") + endpoint;
            assertEquals(202, post(messages, INITIALIZE, null).statusCode());
            assertEquals(1, JSON.readTree(stream.nextData("message")).path("id").asInt());
            installDispatcher(exchange -> fault.inject());
            assertEquals(202, post(messages, LIST_TOOLS, null).statusCode());
            JsonNode error = JSON.readTree(stream.nextData("message"));
            assertEquals("list-1", error.path("id").asText());
            assertEquals(-32603, error.path("error").path("code").asInt());
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aClientGetsAToolErrorWhenTheUpstreamTransportFails(Fault fault) throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start(vertx).tool("work")) {
            upstream.onCall(call -> call.respond(FakeUpstream.text("worked")));
            tenant.api().body(Map.of("slug", "fake", "name", "fake", "mcp_url", upstream.mcpUrl())).post(ROOT + "/toolkits")
                    .then().statusCode(201);
            String id = tenant.api().body(Map.of("name", "live", "toolkits", List.of("fake")))
                    .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
            String url = base.toString().replaceAll("/$", "") + "/v3/mcp/" + id + "/mcp?user_id=u";
            String sessionId = post(url, INITIALIZE, null).headers().firstValue("Mcp-Session-Id").orElseThrow();
            QuarkusMock.installMockForType(new Upstreams() {
                @Override
                public UpstreamTransport of(UpstreamTarget target) {
                    return new FailingRelay(streamableHttp, fault);
                }
            }, Upstreams.class);

            HttpResponse<String> answer = post(url, """
                    {"jsonrpc":"2.0","id":"call-1","method":"tools/call","params":{"name":"fake__work","arguments":{}}}""",
                    sessionId);
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode result = JSON.readTree(answer.body());
            assertEquals("call-1", result.path("id").asText(), answer.body());
            assertTrue(result.path("result").path("isError").asBoolean(), answer.body());
        }
    }

    /** The real Streamable HTTP transport, whose relay fails as the fault says. */
    private record FailingRelay(UpstreamTransport real, Fault fault) implements UpstreamTransport {

        @Override
        public Uni<String> connect(UpstreamTarget target) {
            return real.connect(target);
        }

        @Override
        public Uni<UpstreamAnswer> call(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode request) {
            return real.call(target, sessionId, protocolVersion, request);
        }

        @Override
        public Uni<Void> notify(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode message) {
            return real.notify(target, sessionId, protocolVersion, message);
        }

        @Override
        public Uni<RelayedAnswer> relay(UpstreamLink link, String protocolVersion, UpstreamRequest request, ClientReply reply,
                Function<ClientStream, Runnable> whileOpen) {
            return fault.inject().replaceWith((RelayedAnswer) null);
        }

        @Override
        public Uni<Listening> listen(UpstreamLink link, String lastEventId, Supplier<EventSink> sink) {
            return real.listen(link, lastEventId, sink);
        }

        @Override
        public Uni<Void> close(UpstreamTarget target, String sessionId, String protocolVersion) {
            return real.close(target, sessionId, protocolVersion);
        }
    }

    @Test
    void aMessageThatIsNotOneJsonRpcRequestIsRefusedWithAJsonRpcError() throws Exception {
        for (String body : new String[] {"{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"initialize\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1.5e400,\"method\":\"initialize\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"initialize\",\"params\":{}}"}) {
            HttpResponse<String> answer = post(serverUrl + "/mcp?user_id=u", body, null);
            assertEquals(400, answer.statusCode(), answer.body());
            JsonNode error = JSON.readTree(answer.body());
            assertEquals(-32600, error.path("error").path("code").asInt(), answer.body());
            assertTrue(error.path("id").isNull(), answer.body());
        }
        assertEquals(-32700, JSON.readTree(post(serverUrl + "/mcp?user_id=u", "{nope", null).body()).path("error").path("code").asInt());
    }

    @Test
    void parametersAreCheckedAsTheRestApiChecksThem() throws Exception {
        String longUser = "u".repeat(256);
        assertRefused(post(serverUrl + "/mcp?user_id=" + longUser, INITIALIZE, null), "user_id");
        assertRefused(post(serverUrl + "/mcp?user_id=a%00b", INITIALIZE, null), "user_id");
        assertRefused(send(request(serverUrl + "/sse?user_id=" + longUser).header("Accept", "text/event-stream").GET()), "user_id");
        assertRefused(post(base.toString().replaceAll("/$", "") + "/v3/mcp/mcp_a%00b/mcp?user_id=u", INITIALIZE, null), "serverId");
    }

    /** Sent as raw bytes (HTTP clients refuse to send such a path): Vert.x Web refuses it before any route, as before. */
    @Test
    void aMalformedEscapeInThePathIsRefused() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /v3/mcp/mcp_%zz/mcp?user_id=u HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        }
    }

    private static void assertRefused(HttpResponse<String> answer, String naming) throws IOException {
        assertEquals(400, answer.statusCode(), answer.body());
        assertTrue(JSON.readTree(answer.body()).path("message").asText().startsWith(naming + ":"), answer.body());
    }

    @Test
    void aRefusalIsAProblemThatSaysNotToRetry() throws Exception {
        HttpResponse<String> answer = post(serverUrl + "/mcp", INITIALIZE, null);
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("false", answer.headers().firstValue("x-should-retry").orElse(null));
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals("user_id is required when calling with an API key", problem.path("message").asText());
    }

    @Test
    void aBadOrMissingKeyGetsAChallengeAndLogsNothingAboveDebug() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler collector = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(collector);
        try {
            for (String key : new String[] {"sb_not_a_key", ""}) {
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(serverUrl + "/mcp?user_id=u")).timeout(ANSWER_WITHIN)
                        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
                if (!key.isEmpty()) {
                    post.header("x-api-key", key);
                }
                HttpResponse<String> answer = send(post);
                assertEquals(401, answer.statusCode(), answer.body());
                assertTrue(answer.headers().firstValue("WWW-Authenticate").isPresent(), answer.headers().toString());
            }
        } finally {
            root.removeHandler(collector);
        }
        assertTrue(logged.isEmpty(), () -> logged.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList().toString());
    }

    private static List<Fault> faultsOf(Stage stage) {
        // The transport rules are a plain check: they can only throw.
        return stage == Stage.TRANSPORT_RULES ? List.of(Fault.THROWN) : List.of(Fault.values());
    }

    private static void inject(Stage stage, Fault fault) {
        switch (stage) {
            case TRANSPORT_RULES -> QuarkusMock.installMockForType(new TransportRules() {
                @Override
                public void check(GatewayRequest request) {
                    fault.inject();
                }
            }, TransportRules.class);
            case AUTHENTICATION -> QuarkusMock.installMockForType(new Authentication() {
                @Override
                public Uni<Void> authenticate(GatewayRequest request) {
                    return fault.inject();
                }
            }, Authentication.class);
            case RESOLUTION -> QuarkusMock.installMockForType(new Resolution() {
                @Override
                public Uni<Void> resolve(GatewayRequest request) {
                    return fault.inject();
                }
            }, Resolution.class);
            case ADMISSION -> QuarkusMock.installMockForType(new Admission() {
                @Override
                public Uni<Void> admit(GatewayRequest request) {
                    return fault.inject();
                }
            }, Admission.class);
        }
    }

    private static void installDispatcher(java.util.function.Function<McpExchange, Uni<Void>> dispatch) {
        QuarkusMock.installMockForType(new MessageDispatcher() {
            @Override
            Uni<Void> dispatch(McpExchange exchange, ObjectNode message) {
                return dispatch.apply(exchange);
            }
        }, MessageDispatcher.class);
    }

    private static void assertProblem(HttpResponse<String> answer, String what) throws IOException {
        assertEquals(500, answer.statusCode(), what + ": " + answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(null), what);
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals(500, problem.path("status").asInt(), what);
        assertNotNull(problem.get("message"), what);
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN).header("x-api-key", tenant.adminKey());
    }

    private HttpResponse<String> post(String url, String body, String sessionId) throws Exception {
        HttpRequest.Builder post = request(url).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            post.header("Mcp-Session-Id", sessionId);
        }
        return send(post);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        // An HttpTimeoutException here is the failure this test exists for: a client left waiting.
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

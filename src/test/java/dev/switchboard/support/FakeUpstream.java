package dev.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A scriptable MCP server in the test's own JVM: a Vert.x HTTP server on 127.0.0.1 that answers the
 * handshake, {@code tools/list} and DELETE itself, and hands every {@code tools/call} to the test, which
 * answers it with JSON, an event stream or an HTTP error. It records every request it receives, so a test
 * can assert on what reached the upstream. Streamable HTTP on {@code /mcp} (with the standalone GET stream),
 * legacy HTTP+SSE on {@code /sse} + {@code /message?sessionId=…} (every answer on the session's stream).
 */
public final class FakeUpstream implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** One HTTP request as it reached the upstream. */
    public record Received(HttpMethod method, String path, MultiMap headers, String body) {

        /** The JSON-RPC message of a POST, or null. */
        public JsonObject message() {
            return body == null || body.isBlank() ? null : new JsonObject(body);
        }

        /** The JSON-RPC method of a POSTed request or notification, or null (a response, a GET, a DELETE). */
        public String rpcMethod() {
            JsonObject message = message();
            return message == null ? null : message.getString("method");
        }

        public String sessionId() {
            return headers.get("Mcp-Session-Id");
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<JsonObject> tools = new CopyOnWriteArrayList<>();
    private final Map<String, FakeEventStream> sessions = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final BlockingQueue<FakeEventStream> standalone = new LinkedBlockingQueue<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile Consumer<Call> onCall = call -> call.respond(text("ok"));
    private volatile boolean offersStandaloneStream = true;
    private volatile boolean answersLists = true;
    private final AtomicInteger listsToDrop = new AtomicInteger();

    private FakeUpstream(Vertx vertx, HttpServerOptions options) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer(options).requestHandler(this::handle);
    }

    /** Starts a fake upstream on a free loopback port. */
    public static FakeUpstream start(Vertx vertx) {
        return start(vertx, new HttpServerOptions());
    }

    /** Starts a fake upstream with these server options (a short idle timeout, say) on a free loopback port. */
    public static FakeUpstream start(Vertx vertx, HttpServerOptions options) {
        FakeUpstream upstream = new FakeUpstream(vertx, options);
        await(upstream.server.listen(0, "127.0.0.1"));
        return upstream;
    }

    /** The Streamable HTTP endpoint. */
    public String mcpUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/mcp";
    }

    /** The legacy HTTP+SSE endpoint. */
    public String sseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/sse";
    }

    /** Adds a tool (an empty object schema) to what {@code tools/list} answers. */
    public FakeUpstream tool(String name) {
        tools.add(new JsonObject().put("name", name).put("inputSchema", new JsonObject().put("type", "object")));
        return this;
    }

    /** How {@code tools/call} is answered from now on; by default with the text "ok". */
    public FakeUpstream onCall(Consumer<Call> handler) {
        this.onCall = handler;
        return this;
    }

    /** From now on a GET for the standalone stream is answered 405, as by a server that offers none. */
    public FakeUpstream withoutStandaloneStream() {
        this.offersStandaloneStream = false;
        return this;
    }

    /**
     * The next {@code count} {@code tools/list} requests get their connection closed under them, unanswered, as
     * by an upstream that closed a kept-alive connection as idle just as they were written to it.
     */
    public FakeUpstream droppingLists(int count) {
        listsToDrop.set(count);
        return this;
    }

    /** From now on {@code tools/list} gets no answer: the request stays open, as with an upstream that hangs. */
    public FakeUpstream withoutListAnswers() {
        this.answersLists = false;
        return this;
    }

    /** As after a restart: every session is forgotten (requests naming one get 404) and its streams close. */
    public void restart() {
        List<FakeEventStream> open = List.copyOf(sessions.values());
        sessions.clear();
        vertx.runOnContext(v -> open.stream().filter(e -> e != null && e != FakeEventStream.NONE).forEach(FakeEventStream::close));
    }

    /** Every request received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The session ids handed out, in order. */
    public List<String> sessionsIssued() {
        return List.copyOf(issued);
    }

    /** The next standalone GET stream the gateway opens (Streamable HTTP), waiting for it. */
    public FakeEventStream awaitStandaloneStream() {
        try {
            FakeEventStream events = standalone.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (events == null) {
                throw new AssertionError("the gateway opened no standalone stream within " + WAIT);
            }
            return events;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        await(server.close());
    }

    /** A tool result with one text content. */
    public static JsonObject text(String text) {
        return new JsonObject().put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)));
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String text = body.length() == 0 ? null : body.toString();
            received.add(new Received(request.method(), request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    text));
            switch (request.path()) {
                case "/mcp" -> streamable(request, text);
                case "/sse" -> legacyStream(request);
                case "/message" -> legacyMessage(request, text);
                default -> request.response().setStatusCode(404).end();
            }
        });
    }

    private void streamable(HttpServerRequest request, String body) {
        HttpServerResponse response = request.response();
        String session = request.getHeader("Mcp-Session-Id");
        JsonObject message = body == null ? null : new JsonObject(body);
        if (message != null && "initialize".equals(message.getString("method"))) {
            String id = "fake-" + counter.incrementAndGet();
            sessions.put(id, FakeEventStream.NONE);
            issued.add(id);
            response.putHeader("Mcp-Session-Id", id).putHeader("Content-Type", "application/json")
                    .end(response(message, initializeResult(message)).encode());
            return;
        }
        if (session == null) {
            response.setStatusCode(400).end("Mcp-Session-Id is required");
            return;
        }
        if (!sessions.containsKey(session)) {
            response.setStatusCode(404).end("Session not found");
            return;
        }
        if (request.method() == HttpMethod.DELETE) {
            FakeEventStream open = sessions.remove(session);
            if (open != null && open != FakeEventStream.NONE) {
                open.close();
            }
            response.setStatusCode(200).end();
        } else if (request.method() == HttpMethod.GET) {
            if (!offersStandaloneStream) {
                response.setStatusCode(405).putHeader("Allow", "POST, DELETE").end("This server offers no standalone stream");
                return;
            }
            if (sessions.get(session) != FakeEventStream.NONE) {
                response.setStatusCode(409).end("A standalone stream is already open");
                return;
            }
            FakeEventStream events = FakeEventStream.open(response, false);
            sessions.put(session, events);
            events.finished().onComplete(done -> sessions.replace(session, events, FakeEventStream.NONE));
            standalone.add(events);
        } else {
            dispatch(message, new Call(message, session, response, null));
        }
    }

    private void legacyStream(HttpServerRequest request) {
        String id = "legacy-" + counter.incrementAndGet();
        FakeEventStream events = FakeEventStream.open(request.response(), true);
        sessions.put(id, events);
        issued.add(id);
        events.finished().onComplete(done -> sessions.remove(id));
        events.sendEvent("endpoint", "/message?sessionId=" + id);
    }

    private void legacyMessage(HttpServerRequest request, String body) {
        FakeEventStream events = sessions.get(request.getParam("sessionId", ""));
        if (events == null) {
            request.response().setStatusCode(404).end("Session not found");
            return;
        }
        request.response().setStatusCode(202).end("Accepted");
        JsonObject message = new JsonObject(body);
        if ("initialize".equals(message.getString("method"))) {
            events.send(response(message, initializeResult(message)));
        } else {
            dispatch(message, new Call(message, request.getParam("sessionId"), null, events));
        }
    }

    /** What the upstream itself answers; a {@code tools/call} goes to the test's script. */
    private void dispatch(JsonObject message, Call call) {
        String method = message.getString("method");
        if (method == null || !message.containsKey("id")) {
            call.accepted();
        } else if ("tools/call".equals(method)) {
            onCall.accept(call);
        } else if ("tools/list".equals(method)) {
            if (listsToDrop.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                call.dropConnection();
            } else if (answersLists) {
                call.respond(new JsonObject().put("tools", new JsonArray(List.copyOf(tools))));
            }
        } else {
            call.reply(new JsonObject().put("jsonrpc", "2.0").put("id", message.getValue("id"))
                    .put("error", new JsonObject().put("code", -32601).put("message", "Method not found: " + method)));
        }
    }

    private static JsonObject initializeResult(JsonObject initialize) {
        return new JsonObject()
                .put("protocolVersion", initialize.getJsonObject("params", new JsonObject()).getString("protocolVersion", "2025-06-18"))
                .put("capabilities", new JsonObject().put("tools", new JsonObject()))
                .put("serverInfo", new JsonObject().put("name", "fake-upstream").put("version", "1"));
    }

    private static JsonObject response(JsonObject request, JsonObject result) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id")).put("result", result);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One request the upstream must answer (in legacy mode: on the session's stream, the POST having been accepted). */
    public static final class Call {

        private final JsonObject request;
        private final String sessionId;
        private final HttpServerResponse post;
        private final FakeEventStream legacy;

        Call(JsonObject request, String sessionId, HttpServerResponse post, FakeEventStream legacy) {
            this.request = request;
            this.sessionId = sessionId;
            this.post = post;
            this.legacy = legacy;
        }

        public JsonObject request() {
            return request;
        }

        /** The request id as the upstream received it (the gateway's, not the client's). */
        public Object id() {
            return request.getValue("id");
        }

        public String sessionId() {
            return sessionId;
        }

        public JsonObject arguments() {
            return request.getJsonObject("params", new JsonObject()).getJsonObject("arguments", new JsonObject());
        }

        /** The progress token as the upstream received it, or null. */
        public Object progressToken() {
            JsonObject meta = request.getJsonObject("params", new JsonObject()).getJsonObject("_meta");
            return meta == null ? null : meta.getValue("progressToken");
        }

        /** The response to this request with this result. */
        public JsonObject response(JsonObject result) {
            return FakeUpstream.response(request, result);
        }

        /** A progress notification for this request's token; total and message are left out when 0 and null. */
        public JsonObject progress(int progress, int total, String message) {
            JsonObject params = new JsonObject().put("progressToken", progressToken()).put("progress", progress);
            if (total > 0) {
                params.put("total", total);
            }
            if (message != null) {
                params.put("message", message);
            }
            return new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/progress").put("params", params);
        }

        /** Answers with this result: a JSON body, or (legacy) an event on the session's stream. */
        public void respond(JsonObject result) {
            reply(response(result));
        }

        /** Answers with an HTTP error instead of a JSON-RPC message (Streamable HTTP only). */
        public void httpError(int status, String body) {
            if (post == null) {
                throw new IllegalStateException("a legacy upstream accepted the POST already");
            }
            post.setStatusCode(status).putHeader("Content-Type", "text/plain").end(body);
        }

        /** Completes when the POST's connection closed before it was answered (Streamable HTTP only). */
        public Future<Void> closedUnanswered() {
            if (post == null) {
                throw new IllegalStateException("a legacy upstream accepted the POST already");
            }
            Promise<Void> closed = Promise.promise();
            post.closeHandler(v -> closed.tryComplete());
            return closed.future();
        }

        /** Closes the POST's connection without an answer (Streamable HTTP only). */
        public void dropConnection() {
            if (post == null) {
                throw new IllegalStateException("a legacy upstream accepted the POST already");
            }
            post.reset();
        }

        /** The stream to answer on: the POST's own event stream, or (legacy) the session's stream. */
        public FakeEventStream stream() {
            return post == null ? legacy : FakeEventStream.open(post, false);
        }

        void reply(JsonObject message) {
            if (post == null) {
                legacy.send(message);
            } else {
                post.putHeader("Content-Type", "application/json").end(message.encode());
            }
        }

        void accepted() {
            if (post != null) {
                post.setStatusCode(202).end();
            }
        }
    }
}

package dev.switchboard.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An MCP client at the wire level, for tests that need what an SDK hides: each POST's own answer (a JSON
 * body or an event stream read event by event, which the test may pause), the standalone GET stream, and
 * the raw HTTP status. Streamable HTTP only; one session at a time.
 */
public final class RawMcpClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http;
    private final Context context;
    private final String host;
    private final int port;
    private final String path;
    private final String apiKey;
    private volatile String bearerToken;
    private volatile String sessionId;
    private volatile String protocolVersion;

    /** A client of the MCP URL at {@code path} (with its query) on the app at {@code base}, calling with an API key. */
    public RawMcpClient(Vertx vertx, URL base, String path, String apiKey) {
        this.http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(10));
        // Requests are made on one event loop, the one their connections and responses live on, so a response is
        // paused (Reply) in the same turn its head arrives, before any of its body can be delivered and lost.
        this.context = vertx.getOrCreateContext();
        this.host = base.getHost();
        this.port = base.getPort();
        this.path = path;
        this.apiKey = apiKey;
    }

    /** Initializes with these client capabilities, keeps the session id, and answers the initialize result. */
    public JsonObject initialize(JsonObject capabilities) {
        Reply reply = post(initializeRequest(capabilities));
        if (reply.status() != 200) {
            throw new AssertionError("initialize answered HTTP " + reply.status() + ": " + reply.body());
        }
        sessionId = reply.response.getHeader("Mcp-Session-Id");
        JsonObject answer = reply.json();
        protocolVersion = answer.getJsonObject("result").getString("protocolVersion");
        return answer.getJsonObject("result");
    }

    /** Calls with this SSO bearer token from now on, instead of the API key (null: the API key again). */
    public RawMcpClient bearer(String token) {
        this.bearerToken = token;
        return this;
    }

    public String sessionId() {
        return sessionId;
    }

    /** POSTs one message and answers once the response's head arrived; its body is not read yet. */
    public Reply post(JsonObject message) {
        return await(send(message));
    }

    /** As {@link #post}, without waiting: for requests that are answered only once others are in flight. */
    public Future<Reply> send(JsonObject message) {
        RequestOptions options = options(HttpMethod.POST).putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        return on(context, () -> http.request(options).compose(request -> request.send(message.encode())).map(Reply::new));
    }

    /** Opens the session's standalone stream (GET), reading at once. */
    public SseStream listen() {
        RequestOptions options = options(HttpMethod.GET).putHeader("Accept", "text/event-stream");
        Reply reply = await(on(context, () -> http.request(options).compose(request -> request.send()).map(Reply::new)));
        if (reply.status() != 200) {
            throw new AssertionError("GET answered HTTP " + reply.status() + ": " + reply.body());
        }
        return reply.events();
    }

    @Override
    public void close() {
        http.close();
    }

    /** A JSON-RPC request. */
    /** An {@code initialize} request (id 0) of this client, for a test that sends it itself. */
    public static JsonObject initializeRequest(JsonObject capabilities) {
        return request(0, "initialize", new JsonObject().put("protocolVersion", "2025-06-18").put("capabilities", capabilities)
                .put("clientInfo", new JsonObject().put("name", "raw-mcp-client").put("version", "1")));
    }

    public static JsonObject request(Object id, String method, JsonObject params) {
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method).put("params", params);
    }

    /** A {@code tools/call}, with a progress token when one is given. */
    public static JsonObject toolCall(Object id, String tool, Object progressToken) {
        JsonObject params = new JsonObject().put("name", tool).put("arguments", new JsonObject());
        if (progressToken != null) {
            params.put("_meta", new JsonObject().put("progressToken", progressToken));
        }
        return request(id, "tools/call", params);
    }

    private RequestOptions options(HttpMethod method) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port).setURI(path);
        if (bearerToken != null) {
            options.putHeader("Authorization", "Bearer " + bearerToken);
        } else {
            options.putHeader("x-api-key", apiKey);
        }
        if (sessionId != null) {
            options.putHeader("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            options.putHeader("MCP-Protocol-Version", protocolVersion);
        }
        return options;
    }

    /** The future's value, waiting at most {@link #WAIT}. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** Runs on the response's own context (a Vert.x stream is not to be driven from another thread). */
    static <T> Future<T> on(Context context, Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(done));
        return done.future();
    }

    /** The answer to one request: its head; its body, paused until the test reads it one way or the other. */
    public static final class Reply {

        private final HttpClientResponse response;
        private final Context context;

        Reply(HttpClientResponse response) {
            // On the event loop, before any of the body is delivered.
            response.pause();
            this.response = response;
            this.context = Vertx.currentContext();
        }

        public int status() {
            return response.statusCode();
        }

        /** The status, once the body has been read to its end. */
        public int drainedStatus() {
            body();
            return status();
        }

        public String header(String name) {
            return response.getHeader(name);
        }

        public boolean isEventStream() {
            String type = response.getHeader("Content-Type");
            return type != null && type.startsWith("text/event-stream");
        }

        /** The whole body as text. */
        public String body() {
            return await(on(context, () -> {
                Future<Buffer> body = response.body();
                response.resume();
                return body;
            })).toString();
        }

        /** The body as one JSON message. */
        public JsonObject json() {
            return new JsonObject(body());
        }

        /** The body as an event stream, read from now on into a queue ({@link SseStream#next()}). */
        public SseStream events() {
            SseStream stream = new SseStream(response, context, null);
            stream.resume();
            return stream;
        }

        /** The body as an event stream handed to {@code consumer} on the event loop, not read until {@link SseStream#resume()}. */
        public SseStream pausedEvents(Consumer<JsonObject> consumer) {
            return new SseStream(response, context, consumer);
        }
    }

    /** An event stream read line by line as it arrives; each event's data is one JSON-RPC message. */
    public static final class SseStream {

        private final HttpClientResponse response;
        private final Context context;
        private final BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
        private final Promise<Void> ended = Promise.promise();
        private final StringBuilder data = new StringBuilder();
        private boolean hasData;

        SseStream(HttpClientResponse response, Context context, Consumer<JsonObject> consumer) {
            this.response = response;
            this.context = context;
            Consumer<JsonObject> sink = consumer == null ? queue::add : consumer;
            await(on(context, () -> {
                response.handler(RecordParser.newDelimited("\n", line -> line(line, sink)));
                response.endHandler(v -> ended.tryComplete());
                response.exceptionHandler(ended::tryFail);
                return Future.succeededFuture();
            }));
        }

        /** The next message, waiting for it. */
        public JsonObject next() {
            try {
                JsonObject message = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (message == null) {
                    throw new AssertionError("no event within " + WAIT);
                }
                return message;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Whether a message is waiting to be taken. */
        public boolean hasNext() {
            return !queue.isEmpty();
        }

        public void resume() {
            await(on(context, () -> {
                response.resume();
                return Future.succeededFuture();
            }));
        }

        /** Completes when the server ended the stream. */
        public Future<Void> ended() {
            return ended.future();
        }

        /** Goes away: closes the connection mid-stream. */
        public void disconnect() {
            await(on(context, () -> response.request().connection().close()));
        }

        private void line(Buffer raw, Consumer<JsonObject> sink) {
            String line = raw.toString();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                if (hasData && !data.toString().isBlank()) {
                    sink.accept(new JsonObject(data.toString()));
                }
                data.setLength(0);
                hasData = false;
            } else if (line.startsWith("data:")) {
                String value = line.substring(5);
                data.append(hasData ? "\n" : "").append(value.startsWith(" ") ? value.substring(1) : value);
                hasData = true;
            }
        }
    }
}

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
import org.HdrHistogram.Histogram;

/**
 * One MCP client: one connection, one session, one call at a time. A target with {@code "protocol":
 * "2026-07-28"} is loaded as a modern client does: no session, each request self-describing ({@code _meta},
 * {@code Mcp-Method} and {@code Mcp-Name} headers).
 */
final class McpLoadClient {
    final Vertx vertx;
    final LoadRun run;
    final HttpClient http;
    final String url;
    final String apiKey;
    final String tool;
    final boolean hotKey;
    final boolean stateless;
    final int number;
    final Promise<Void> done = Promise.promise();
    final Histogram latencies = new Histogram(60_000_000L, 3);
    String session;
    long nextId = 1;
    long calls;
    long errors;
    long errorsTotal;
    long refused;
    String firstError;

    McpLoadClient(BenchLoad load, LoadRun run, JsonObject target, int number, boolean warmUp) {
        this.vertx = load.vertx;
        this.run = run;
        // "{client}" in a URL stands for the client's number (e.g. one user per client).
        this.url = target.getString(warmUp && target.containsKey("warmupUrl") ? "warmupUrl" : "url")
                .replace("{client}", Integer.toString(number));
        this.apiKey = target.getString("apiKey");
        this.tool = target.getString("tool", "echo");
        this.hotKey = target.getBoolean("hotKey", false);
        this.stateless = BenchLoad.STATELESS_PROTOCOL.equals(target.getString("protocol"));
        this.number = number;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(1));
    }

    void start(Promise<Void> ready) {
        if (stateless) {
            ready.complete();
            next();
            return;
        }
        JsonObject initialize = new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize")
                .put("params", new JsonObject().put("protocolVersion", BenchLoad.PROTOCOL).put("capabilities", new JsonObject())
                        .put("clientInfo", new JsonObject().put("name", "switchboard-bench").put("version", "1")));
        handshake(initialize, 0).onSuccess(v -> {
            ready.complete();
            next();
        }).onFailure(failure -> {
            ready.fail(failure);
            done.complete();
        });
    }

    /** Initializes, retrying while refused by a rate limit (the hot-key run starts over its limit). */
    private Future<Void> handshake(JsonObject initialize, int attempt) {
        return post(Buffer.buffer(initialize.encode())).compose(answer -> {
            if (answer.status() == 429 && attempt < 200) {
                Promise<Void> retried = Promise.promise();
                vertx.setTimer(50, t -> handshake(initialize, attempt + 1).onComplete(retried));
                return retried.future();
            }
            session = answer.response().getHeader("Mcp-Session-Id");
            JsonObject result = answer.message(0);
            if (answer.status() != 200 || session == null || result == null || result.getJsonObject("result") == null) {
                return Future.failedFuture("initialize of " + url + ": HTTP " + answer.status() + " " + answer.text(200));
            }
            return post(Buffer.buffer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).compose(ack -> ack.status() == 202
                    ? Future.succeededFuture()
                    : Future.failedFuture("notifications/initialized: HTTP " + ack.status()));
        });
    }

    private void next() {
        if (run.stopping) {
            end();
            return;
        }
        long id = nextId++;
        Buffer body = Buffer.buffer(160).appendString("{\"jsonrpc\":\"2.0\",\"id\":").appendString(Long.toString(id))
                .appendString(",\"method\":\"tools/call\",\"params\":{\"name\":\"").appendString(tool)
                .appendString("\",\"arguments\":{\"message\":\"hello ").appendString(number + "-" + id).appendString("\"}")
                .appendString(stateless ? STATELESS_META : "").appendString("}}");
        long started = System.nanoTime();
        post(body).onComplete(answered -> {
            boolean counted = run.measuring;
            String failure = answered.failed() ? String.valueOf(answered.cause()) : check(answered.result(), id);
            if (failure == null) {
                run.completed.incrementAndGet();
                if (counted) {
                    calls++;
                    latencies.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
                }
                next();
            } else if (failure.isEmpty()) {
                if (counted) {
                    refused++;
                }
                next();
            } else {
                errorsTotal++;
                if (counted) {
                    errors++;
                    if (firstError == null) {
                        firstError = failure.length() > 300 ? failure.substring(0, 300) : failure;
                    }
                }
                // Do not spin on a dead connection.
                vertx.setTimer(10, t -> next());
            }
        });
    }

    /** Null when the answer is the result for this id, empty for an expected refusal, else what is wrong. */
    private String check(McpAnswer answer, long id) {
        if (hotKey && answer.status() == 429) {
            return "";
        }
        if (answer.status() != 200) {
            return "HTTP " + answer.status() + " " + answer.text(200);
        }
        JsonObject message = answer.message(id);
        if (message == null) {
            return "no response for id " + id + ": " + answer.text(200);
        }
        if (message.containsKey("error")) {
            return "JSON-RPC error " + message.getValue("error");
        }
        JsonObject result = message.getJsonObject("result");
        if (result == null || result.getBoolean("isError", false)) {
            return "tool error " + result;
        }
        return null;
    }

    private static final String STATELESS_META = ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\""
            + BenchLoad.STATELESS_PROTOCOL + "\",\"io.modelcontextprotocol/clientCapabilities\":{},"
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"switchboard-bench\",\"version\":\"1\"}}";

    private Future<McpAnswer> post(Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setIdleTimeout(30_000)
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream")
                .putHeader("Mcp-Protocol-Version", stateless ? BenchLoad.STATELESS_PROTOCOL : BenchLoad.PROTOCOL);
        if (stateless) {
            options.putHeader("Mcp-Method", "tools/call").putHeader("Mcp-Name", tool);
        }
        if (apiKey != null) {
            options.putHeader("x-api-key", apiKey);
        }
        if (session != null) {
            options.putHeader("Mcp-Session-Id", session);
        }
        return http.request(options).compose(request -> request.send(body))
                .compose(response -> response.body().map(bytes -> new McpAnswer(response, bytes)));
    }

    private void end() {
        if (session == null) {
            http.close();
            done.complete();
            return;
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.DELETE).setAbsoluteURI(url).setIdleTimeout(5_000)
                .putHeader("Mcp-Protocol-Version", BenchLoad.PROTOCOL).putHeader("Mcp-Session-Id", session);
        if (apiKey != null) {
            options.putHeader("x-api-key", apiKey);
        }
        http.request(options).compose(request -> request.send()).compose(HttpClientResponse::body)
                .onComplete(ignored -> http.close().onComplete(closed -> done.complete()));
    }
}

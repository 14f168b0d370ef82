import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop MCP load: each client owns one keep-alive connection and one MCP session (initialize and
 * notifications/initialized, once), then sends {@code tools/call} back to back, each with its own JSON-RPC
 * id, and checks that the answer (JSON or an event stream) is the result for that id.
 *
 * <pre>java -cp … BenchLoad --plan plan.json --out results.jsonl</pre>
 *
 * The plan names the targets and how to load them (see bench/run.sh). Every target is warmed up first
 * (its JVM's JIT and this one's); then, level by level, every target is measured in turn, so the ratios of
 * one level come from minutes apart at most. Over each measured window the CPU time of every process of
 * the target (from /proc) is divided by the calls completed in it. Targets marked {@code hotKey} expect
 * refusals (HTTP 429): they report admitted calls per second against the configured rate.
 */
public class BenchLoad {

    static final String PROTOCOL = "2025-06-18";

    final Vertx vertx;
    final JsonObject plan;
    final long clockTicks;
    final ProcessCpu cpu;

    BenchLoad(JsonObject plan) {
        this.plan = plan;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(plan.getInteger("eventLoops", 2)));
        this.clockTicks = plan.getLong("clockTicks", 100L);
        this.cpu = new ProcessCpu(plan.getString("pgDb"));
    }

    public static void main(String[] args) throws Exception {
        Args options = Args.of(args);
        JsonObject plan = new JsonObject(Files.readString(Path.of(options.require("--plan"))));
        try (PrintWriter out = new PrintWriter(new FileWriter(options.require("--out"), true), true)) {
            new BenchLoad(plan).run(out);
        }
        System.exit(0);
    }

    void run(PrintWriter out) throws Exception {
        List<JsonObject> targets = plan.getJsonArray("targets").stream().map(JsonObject.class::cast).toList();
        for (JsonObject target : targets) {
            JsonObject warm = warmUp(target);
            target.put("warmup", warm);
            log("warm-up %s: %d calls in %.1f s, %d errors", target.getString("label"), warm.getLong("calls"),
                    warm.getDouble("seconds"), warm.getLong("errors"));
        }
        for (Object level : plan.getJsonArray("levels")) {
            for (JsonObject target : targets) {
                if (!target.getBoolean("hotKey", false) && levels(target).contains(level)) {
                    report(out, target, measure(target, (Integer) level));
                }
            }
        }
        for (JsonObject target : targets) {
            if (target.getBoolean("hotKey", false)) {
                for (Object level : levels(target)) {
                    report(out, target, measure(target, (Integer) level));
                }
            }
        }
        vertx.close();
    }

    private JsonArray levels(JsonObject target) {
        return target.getJsonArray("levels", plan.getJsonArray("levels"));
    }

    private void report(PrintWriter out, JsonObject target, JsonObject result) {
        out.println(result.encode());
        log("%-28s c=%-3d %8.0f calls/s  p50 %6.3f ms  p99 %7.3f ms  errors %d%s  CPU µs/call %s",
                target.getString("label"), result.getInteger("concurrency"), result.getDouble("rps"),
                result.getDouble("p50"), result.getDouble("p99"), result.getLong("errors"),
                result.getLong("refused") > 0 ? "  refused/s " + Math.round(result.getDouble("refusedRps")) : "",
                result.getJsonObject("cpuUsPerCall").encode());
    }

    /** Loads the target until it has answered {@code warmupCalls}, or for at most {@code warmupMaxSeconds}. */
    private JsonObject warmUp(JsonObject target) throws Exception {
        long wanted = target.getLong("warmupCalls", plan.getLong("warmupCalls"));
        double maxSeconds = target.getDouble("warmupMaxSeconds", plan.getDouble("warmupMaxSeconds"));
        int concurrency = plan.getInteger("warmupConcurrency", 16);
        Run run = Run.start(this, target, concurrency, true);
        long started = System.nanoTime();
        long deadline = started + (long) (maxSeconds * 1e9);
        while (run.completed.get() < wanted && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        run.stop();
        return new JsonObject().put("calls", run.completed.get())
                .put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0)
                .put("errors", run.clients.stream().mapToLong(c -> c.errorsTotal).sum());
    }

    private JsonObject measure(JsonObject target, int concurrency) throws Exception {
        Run run = Run.start(this, target, concurrency, false);
        Thread.sleep((long) (target.getDouble("settleSeconds", plan.getDouble("settleSeconds")) * 1000));
        Map<String, Long> pids = pids(target);
        Map<String, Long> before = cpu.ticks(pids, target.getBoolean("postgres", false), target.getBoolean("redis", false));
        long windowStart = System.nanoTime();
        run.measuring = true;
        Thread.sleep((long) (plan.getDouble("durationSeconds") * 1000));
        run.measuring = false;
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        Map<String, Long> after = cpu.ticks(pids, target.getBoolean("postgres", false), target.getBoolean("redis", false));
        run.stop();

        Histogram latencies = new Histogram(60_000_000L, 3);
        long calls = 0;
        long errors = 0;
        long refused = 0;
        String firstError = null;
        for (Client client : run.clients) {
            latencies.add(client.latencies);
            calls += client.calls;
            errors += client.errors;
            refused += client.refused;
            if (firstError == null) {
                firstError = client.firstError;
            }
        }
        // A refused request costs too: in a hot-key run, CPU is per request, admitted or not.
        long requests = target.getBoolean("hotKey", false) ? calls + refused : calls;
        JsonObject cpuPerCall = new JsonObject();
        for (String name : after.keySet()) {
            long ticks = after.get(name) - before.getOrDefault(name, 0L);
            cpuPerCall.put(name, requests == 0 ? null : Math.round(ticks * 1e6 / clockTicks / requests));
        }
        return new JsonObject()
                .put("label", target.getString("label"))
                .put("group", target.getString("group"))
                .put("concurrency", concurrency)
                .put("seconds", Math.round(seconds * 100) / 100.0)
                .put("calls", calls)
                .put("rps", Math.round(calls / seconds * 10) / 10.0)
                .put("p50", millis(latencies.getValueAtPercentile(50)))
                .put("p90", millis(latencies.getValueAtPercentile(90)))
                .put("p99", millis(latencies.getValueAtPercentile(99)))
                .put("max", millis(latencies.getMaxValue()))
                .put("errors", errors)
                .put("refused", refused)
                .put("refusedRps", Math.round(refused / seconds * 10) / 10.0)
                .put("configuredRate", target.getValue("configuredRate"))
                .put("firstError", firstError)
                .put("cpuUsPerCall", cpuPerCall)
                .put("warmup", target.getJsonObject("warmup"));
    }

    private static Map<String, Long> pids(JsonObject target) {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        pids.put("loadgen", ProcessHandle.current().pid());
        target.getJsonObject("pids", new JsonObject()).forEach(e -> pids.put(e.getKey(), ((Number) e.getValue()).longValue()));
        return pids;
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(format, args));
    }

    /** Clients loading one target at one concurrency. */
    static final class Run {
        final List<Client> clients = new ArrayList<>();
        final AtomicLong completed = new AtomicLong();
        volatile boolean measuring;
        volatile boolean stopping;

        static Run start(BenchLoad load, JsonObject target, int concurrency, boolean warmUp) throws Exception {
            Run run = new Run();
            List<Future<Void>> started = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Client client = new Client(load, run, target, i, warmUp);
                run.clients.add(client);
                // Each client gets an event-loop context of its own, spread over the load generator's loops.
                Context context = load.vertx.getOrCreateContext();
                Promise<Void> ready = Promise.promise();
                context.runOnContext(v -> client.start(ready));
                started.add(ready.future());
            }
            Future.all(started).toCompletionStage().toCompletableFuture().get();
            return run;
        }

        void stop() throws Exception {
            stopping = true;
            Future.all(clients.stream().map(c -> c.done.future()).toList()).toCompletionStage().toCompletableFuture().get();
        }
    }

    /** One MCP client: one connection, one session, one call at a time. */
    static final class Client {
        final Vertx vertx;
        final Run run;
        final HttpClient http;
        final String url;
        final String apiKey;
        final String tool;
        final boolean hotKey;
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

        Client(BenchLoad load, Run run, JsonObject target, int number, boolean warmUp) {
            this.vertx = load.vertx;
            this.run = run;
            // "{client}" in a URL stands for the client's number (e.g. one user per client).
            this.url = target.getString(warmUp && target.containsKey("warmupUrl") ? "warmupUrl" : "url")
                    .replace("{client}", Integer.toString(number));
            this.apiKey = target.getString("apiKey");
            this.tool = target.getString("tool", "echo");
            this.hotKey = target.getBoolean("hotKey", false);
            this.number = number;
            this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(1));
        }

        void start(Promise<Void> ready) {
            JsonObject initialize = new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize")
                    .put("params", new JsonObject().put("protocolVersion", PROTOCOL).put("capabilities", new JsonObject())
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
                session = answer.response.getHeader("Mcp-Session-Id");
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
                    .appendString("\",\"arguments\":{\"message\":\"hello ").appendString(number + "-" + id).appendString("\"}}}");
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
        private String check(Answer answer, long id) {
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

        private Future<Answer> post(Buffer body) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                    .setIdleTimeout(30_000)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Accept", "application/json, text/event-stream")
                    .putHeader("Mcp-Protocol-Version", PROTOCOL);
            if (apiKey != null) {
                options.putHeader("x-api-key", apiKey);
            }
            if (session != null) {
                options.putHeader("Mcp-Session-Id", session);
            }
            return http.request(options).compose(request -> request.send(body))
                    .compose(response -> response.body().map(bytes -> new Answer(response, bytes)));
        }

        private void end() {
            if (session == null) {
                http.close();
                done.complete();
                return;
            }
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.DELETE).setAbsoluteURI(url).setIdleTimeout(5_000)
                    .putHeader("Mcp-Protocol-Version", PROTOCOL).putHeader("Mcp-Session-Id", session);
            if (apiKey != null) {
                options.putHeader("x-api-key", apiKey);
            }
            http.request(options).compose(request -> request.send()).compose(HttpClientResponse::body)
                    .onComplete(ignored -> http.close().onComplete(closed -> done.complete()));
        }
    }

    /** An HTTP answer and the JSON-RPC messages in it. */
    record Answer(HttpClientResponse response, Buffer body) {

        int status() {
            return response.statusCode();
        }

        String text(int max) {
            String text = body.toString();
            return text.length() > max ? text.substring(0, max) : text;
        }

        /** The response to request {@code id}, from a JSON body or from the events of a stream. */
        JsonObject message(long id) {
            String type = response.getHeader("Content-Type");
            try {
                if (type != null && type.startsWith("text/event-stream")) {
                    for (String line : body.toString().split("\n")) {
                        if (line.startsWith("data:")) {
                            JsonObject message = responseTo(new JsonObject(line.substring(5).trim()), id);
                            if (message != null) {
                                return message;
                            }
                        }
                    }
                    return null;
                }
                return responseTo(body.toJsonObject(), id);
            } catch (RuntimeException notJson) {
                return null;
            }
        }

        private static JsonObject responseTo(JsonObject message, long id) {
            return message.getValue("id") instanceof Number number && number.longValue() == id
                    && (message.containsKey("result") || message.containsKey("error")) ? message : null;
        }
    }
}

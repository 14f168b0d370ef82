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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * What the call-rate tables do not show, against one running Switchboard:
 * <ul>
 * <li><b>fan-out</b>: {@code tools/list} of servers of 1, 5, 10 and 20 upstreams, one of them slow, one request
 * at a time in one session: how much the gateway adds to its slowest upstream;</li>
 * <li><b>idle sessions</b>: the heap one initialized, idle client session holds (after a full GC, before and
 * after opening N);</li>
 * <li><b>standalone streams</b>: N sessions each holding its GET stream open: whether every one opens and
 * stays open, the heap each holds, and the CPU Switchboard spends a second keeping them.</li>
 * </ul>
 *
 * <pre>java -cp … BenchShapes --plan shapes.json --out shapes.jsonl</pre>
 * One JSON line per measurement, with {@code kind} fan-out, idle-sessions or streams.
 */
public class BenchShapes {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Vertx vertx = Vertx.vertx();
    private final JsonObject plan;
    private final long switchboardPid;
    private final long clockTicks;

    BenchShapes(JsonObject plan) {
        this.plan = plan;
        this.switchboardPid = plan.getLong("switchboardPid");
        this.clockTicks = plan.getLong("clockTicks", 100L);
    }

    public static void main(String[] args) throws Exception {
        Args options = Args.of(args);
        JsonObject plan = new JsonObject(Files.readString(Path.of(options.require("--plan"))));
        try (PrintWriter out = new PrintWriter(new FileWriter(options.require("--out"), true), true)) {
            BenchShapes shapes = new BenchShapes(plan);
            for (Object server : plan.getJsonArray("fanout", new JsonArray())) {
                report(out, shapes.fanOut((JsonObject) server));
            }
            for (Object sessions : plan.getJsonArray("idleSessions", new JsonArray())) {
                report(out, shapes.idleSessions((Integer) sessions));
            }
            if (plan.getInteger("streams", 0) > 0) {
                report(out, shapes.streams(plan.getInteger("streams")));
            }
        }
        System.exit(0);
    }

    private static void report(PrintWriter out, JsonObject result) {
        out.println(result.encode());
        BenchLoad.log("%s", result.encode());
    }

    /**
     * Sequential tools/list in one session; p50 against the slow upstream's delay. The first
     * {@code fanoutWarmup} requests are not measured. An entry with a {@code label} (the fan-out mode of run.sh:
     * {@code direct} for the slow upstream itself, or which Switchboard) carries it into its result.
     */
    JsonObject fanOut(JsonObject server) throws Exception {
        String url = server.getString("url");
        int requests = plan.getInteger("fanoutRequests", 50);
        int warmup = plan.getInteger("fanoutWarmup", 0);
        HttpClient http = client(1);
        Histogram latencies = new Histogram(60_000_000L, 3);
        int errors = 0;
        int tools = -1;
        String session = await(initialize(http, url));
        long pid = server.getLong("pid", switchboardPid);
        long cpuBefore = 0;
        for (int i = 1; i <= warmup + requests; i++) {
            if (i <= warmup) {
                await(post(http, url, session, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}"));
                continue;
            }
            if (i == warmup + 1) {
                cpuBefore = ProcessCpu.ticksOf(pid);
            }
            long started = System.nanoTime();
            McpAnswer answer = await(post(http, url, session, "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}"));
            JsonObject message = answer.status() == 200 ? answer.message(i) : null;
            if (message == null || message.getJsonObject("result") == null) {
                errors++;
                continue;
            }
            latencies.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
            tools = message.getJsonObject("result").getJsonArray("tools").size();
        }
        long cpuTicks = ProcessCpu.ticksOf(pid) - cpuBefore;
        http.close();
        long slow = plan.getLong("slowMillis");
        double p50 = latencies.getValueAtPercentile(50) / 1000.0;
        return new JsonObject().put("kind", "fan-out").put("label", server.getString("label"))
                .put("upstreams", server.getInteger("upstreams")).put("tools", tools)
                .put("requests", requests).put("slowMillis", slow).put("p50", p50)
                .put("min", latencies.getMinValue() / 1000.0).put("p90", latencies.getValueAtPercentile(90) / 1000.0)
                .put("p99", latencies.getValueAtPercentile(99) / 1000.0).put("max", latencies.getMaxValue() / 1000.0)
                .put("p50OverSlowest", p50 - slow).put("errors", errors)
                .put("cpuMsPerList", cpuTicks * 1000.0 / clockTicks / requests);
    }

    /** Heap per initialized, idle session: full GC, N sessions opened, full GC. */
    JsonObject idleSessions(int count) throws Exception {
        long before = heapUsedBytes();
        HttpClient http = client(32);
        Opened opened = open(http, plan.getString("sessionUrl"), count);
        long after = heapUsedBytes();
        http.close();
        return new JsonObject().put("kind", "idle-sessions").put("sessions", count).put("opened", opened.ids().size())
                .put("heapBeforeBytes", before).put("heapAfterBytes", after)
                .put("bytesPerSession", opened.ids().isEmpty() ? null : (after - before) / opened.ids().size())
                .put("errors", opened.errors()).put("firstError", opened.firstError());
    }

    /** N sessions, each with its standalone GET stream held open for {@code streamSeconds}. */
    JsonObject streams(int count) throws Exception {
        String url = plan.getString("sessionUrl");
        HttpClient handshakes = client(32);
        Opened opened = open(handshakes, url, count);
        handshakes.close();
        long before = heapUsedBytes();
        HttpClient streams = client(count + 8);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        List<Future<Void>> started = new ArrayList<>();
        for (String session : opened.ids()) {
            RequestOptions get = options(HttpMethod.GET, url, session).setIdleTimeout(0)
                    .putHeader("Accept", "text/event-stream");
            Promise<Void> streaming = Promise.promise();
            streams.request(get).compose(request -> request.send()).onSuccess(response -> {
                if (response.statusCode() == 200 && String.valueOf(response.getHeader("Content-Type")).startsWith("text/event-stream")) {
                    open.incrementAndGet();
                    response.handler(chunk -> { });
                    response.endHandler(v -> ended.incrementAndGet());
                    response.exceptionHandler(e -> ended.incrementAndGet());
                    streaming.complete();
                } else {
                    streaming.fail("HTTP " + response.statusCode());
                }
            }).onFailure(streaming::fail);
            started.add(streaming.future());
        }
        Future.join(started).toCompletionStage().toCompletableFuture().handle((v, e) -> null).get(120, TimeUnit.SECONDS);
        long held = heapUsedBytes();
        long cpuBefore = ProcessCpu.ticksOf(switchboardPid);
        long seconds = plan.getLong("streamSeconds", 10L);
        Thread.sleep(seconds * 1000);
        long cpuTicks = ProcessCpu.ticksOf(switchboardPid) - cpuBefore;
        int stillOpen = open.get() - ended.get();
        streams.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        String firstFailure = started.stream().filter(Future::failed).map(f -> String.valueOf(f.cause())).findFirst().orElse(null);
        return new JsonObject().put("kind", "streams").put("streams", count).put("sessions", opened.ids().size())
                .put("opened", open.get()).put("stillOpenAfterSeconds", stillOpen).put("seconds", seconds)
                .put("heapBytesPerStream", open.get() == 0 ? null : (held - before) / open.get())
                .put("switchboardCpuMsPerSecond", cpuTicks * 1000.0 / clockTicks / seconds)
                .put("errors", opened.errors() + (opened.ids().size() - open.get()))
                .put("firstError", opened.firstError() != null ? opened.firstError() : firstFailure);
    }

    private record Opened(List<String> ids, int errors, String firstError) {
    }

    /** Opens {@code count} sessions, 32 at a time. */
    private Opened open(HttpClient http, String url, int count) throws Exception {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        String[] firstError = new String[1];
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < 32; lane++) {
            Promise<Void> done = Promise.promise();
            vertx.runOnContext(v -> openNext(http, url, count, next, ids, errors, firstError, done));
            lanes.add(done.future());
        }
        Future.all(lanes).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        return new Opened(List.copyOf(ids), errors.get(), firstError[0]);
    }

    private void openNext(HttpClient http, String url, int count, AtomicInteger next, List<String> ids, AtomicInteger errors,
            String[] firstError, Promise<Void> done) {
        if (next.getAndIncrement() >= count) {
            done.complete();
            return;
        }
        initialize(http, url).onComplete(opened -> {
            if (opened.succeeded()) {
                ids.add(opened.result());
            } else {
                errors.incrementAndGet();
                firstError[0] = firstError[0] == null ? String.valueOf(opened.cause()) : firstError[0];
            }
            openNext(http, url, count, next, ids, errors, firstError, done);
        });
    }

    /** initialize and notifications/initialized; answers the session id. */
    private Future<String> initialize(HttpClient http, String url) {
        String initialize = new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("method", "initialize")
                .put("params", new JsonObject().put("protocolVersion", BenchLoad.PROTOCOL).put("capabilities", new JsonObject())
                        .put("clientInfo", new JsonObject().put("name", "switchboard-bench").put("version", "1"))).encode();
        return post(http, url, null, initialize).compose(answer -> {
            String session = answer.response().getHeader("Mcp-Session-Id");
            if (answer.status() != 200 || session == null) {
                return Future.failedFuture("initialize: HTTP " + answer.status() + " " + answer.text(200));
            }
            return post(http, url, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                    .compose(ack -> ack.status() == 202 ? Future.succeededFuture(session)
                            : Future.failedFuture("notifications/initialized: HTTP " + ack.status()));
        });
    }

    private Future<McpAnswer> post(HttpClient http, String url, String session, String body) {
        RequestOptions options = options(HttpMethod.POST, url, session).setIdleTimeout(60_000)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json, text/event-stream");
        return http.request(options).compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(bytes -> new McpAnswer(response, bytes)));
    }

    private RequestOptions options(HttpMethod method, String url, String session) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .putHeader("Mcp-Protocol-Version", BenchLoad.PROTOCOL).putHeader("x-api-key", plan.getString("apiKey"));
        if (session != null) {
            options.putHeader("Mcp-Session-Id", session);
        }
        return options;
    }

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Switchboard's used heap after a full collection (jcmd GC.run, then GC.heap_info). */
    private long heapUsedBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no heap figure from jcmd " + switchboardPid);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(switchboardPid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }
}

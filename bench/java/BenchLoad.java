import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * one level come from minutes apart at most (or, with a {@code schedule}, window by window in its order).
 * Over each measured window the CPU time of every process of the target (from /proc) is divided by the
 * calls completed in it. Targets marked {@code hotKey} expect
 * refusals (HTTP 429): they report admitted calls per second against the configured rate.
 */
public class BenchLoad {

    static final String PROTOCOL = "2025-06-18";
    static final String STATELESS_PROTOCOL = "2026-07-28";

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
        if (plan.containsKey("schedule")) {
            runSchedule(out, targets);
        } else {
            for (Object level : plan.getJsonArray("levels")) {
                for (JsonObject target : targets) {
                    if (!target.getBoolean("hotKey", false) && levels(target).contains(level)) {
                        report(out, target, measure(target, (Integer) level));
                    }
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

    /**
     * The windows in the plan's order instead of level by level: {@code schedule} is a list of
     * {@code {"round": n, "label": "...", "concurrency": c}}, and each result carries its round.
     */
    private void runSchedule(PrintWriter out, List<JsonObject> targets) throws Exception {
        for (Object entry : plan.getJsonArray("schedule")) {
            JsonObject window = (JsonObject) entry;
            JsonObject target = targets.stream().filter(t -> t.getString("label").equals(window.getString("label")))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("no target " + window.getString("label")));
            report(out, target, measure(target, window.getInteger("concurrency")).put("round", window.getInteger("round")));
        }
    }

    private JsonArray levels(JsonObject target) {
        return target.getJsonArray("levels", plan.getJsonArray("levels"));
    }

    private void report(PrintWriter out, JsonObject target, JsonObject result) {
        out.println(result.encode());
        log("%-28s c=%-3d %8.0f calls/s  p50 %6.3f ms  p99 %7.3f ms  errors %d%s  CPU µs/call %s  syscalls/call %s",
                target.getString("label"), result.getInteger("concurrency"), result.getDouble("rps"),
                result.getDouble("p50"), result.getDouble("p99"), result.getLong("errors"),
                result.getLong("refused") > 0 ? "  refused/s " + Math.round(result.getDouble("refusedRps")) : "",
                result.getJsonObject("cpuUsPerCall").encode(), result.getJsonObject("syscallsPerCall").encode());
    }

    /** Loads the target until it has answered {@code warmupCalls}, or for at most {@code warmupMaxSeconds}. */
    private JsonObject warmUp(JsonObject target) throws Exception {
        long wanted = target.getLong("warmupCalls", plan.getLong("warmupCalls"));
        double maxSeconds = target.getDouble("warmupMaxSeconds", plan.getDouble("warmupMaxSeconds"));
        int concurrency = plan.getInteger("warmupConcurrency", 16);
        LoadRun run = LoadRun.start(this, target, concurrency, true);
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
        LoadRun run = LoadRun.start(this, target, concurrency, false);
        Thread.sleep((long) (target.getDouble("settleSeconds", plan.getDouble("settleSeconds")) * 1000));
        Map<String, Long> pids = pids(target);
        Map<String, Long> before = cpu.ticks(pids, target.getBoolean("postgres", false), target.getBoolean("redis", false));
        Long jitPid = target.getBoolean("jit", false) ? pids.get("switchboard") : null;
        if (jitPid != null) {
            before.put("switchboardJit", ProcessCpu.jitTicksOf(jitPid));
        }
        Map<String, long[]> syscallsBefore = syscalls(pids);
        long windowStart = System.nanoTime();
        run.measuring = true;
        Thread.sleep((long) (plan.getDouble("durationSeconds") * 1000));
        run.measuring = false;
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        Map<String, long[]> syscallsAfter = syscalls(pids);
        Map<String, Long> after = cpu.ticks(pids, target.getBoolean("postgres", false), target.getBoolean("redis", false));
        if (jitPid != null) {
            after.put("switchboardJit", ProcessCpu.jitTicksOf(jitPid));
        }
        run.stop();

        Histogram latencies = new Histogram(60_000_000L, 3);
        long calls = 0;
        long errors = 0;
        long refused = 0;
        String firstError = null;
        for (McpLoadClient client : run.clients) {
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
        JsonObject syscallsPerCall = new JsonObject();
        syscallsAfter.forEach((name, counted) -> {
            long[] counting = syscallsBefore.get(name);
            if (counting != null && requests > 0) {
                syscallsPerCall.put(name, new JsonObject()
                        .put("reads", perRequest(counted[0] - counting[0], requests))
                        .put("writes", perRequest(counted[1] - counting[1], requests))
                        .put("waits", perRequest(counted[2] - counting[2], requests))
                        .put("preempted", perRequest(counted[3] - counting[3], requests)));
            }
        });
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
                .put("syscallsPerCall", syscallsPerCall)
                .put("warmup", target.getJsonObject("warmup"));
    }

    private static double perRequest(long count, long requests) {
        return Math.round(count * 100.0 / requests) / 100.0;
    }

    /** Read and write system calls and context switches so far of each process named (the load generator's too). */
    private static Map<String, long[]> syscalls(Map<String, Long> pids) {
        Map<String, long[]> counts = new java.util.LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long[] of = ProcessCpu.syscallsOf(pid);
            if (of != null) {
                counts.put(name, of);
            }
        });
        return counts;
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
}

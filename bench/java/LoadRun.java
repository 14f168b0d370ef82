import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Clients loading one target at one concurrency. */
final class LoadRun {
    final List<McpLoadClient> clients = new ArrayList<>();
    final AtomicLong completed = new AtomicLong();
    volatile boolean measuring;
    volatile boolean stopping;

    static LoadRun start(BenchLoad load, JsonObject target, int concurrency, boolean warmUp) throws Exception {
        LoadRun run = new LoadRun();
        List<Future<Void>> started = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            McpLoadClient client = new McpLoadClient(load, run, target, i, warmUp);
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

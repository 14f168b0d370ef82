package dev.switchboard.ratelimit.redis;

import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rate limiter's way to Redis: one long-lived connection per event loop ({@link EventLoopRedisConnection}),
 * each command pipelined on the connection of the loop that sends it. The Quarkus client's pool instead checked a
 * connection out and back in per command, every pooled connection bound to one event loop (a thread hop there and
 * back for the others) and wrapped in per-command metrics: several times the cost of the decision itself
 * (bench/README.md, "The rate limiter's Redis store").
 */
final class PipelinedRedis {

    /** Far more than the requests one loop can have in flight; a full queue would count as Redis not answering. */
    private static final int MAX_IN_FLIGHT_PER_CONNECTION = 16_384;

    private final VertxInternal vertx;
    private final RedisOptions options;
    private final Duration timeout;
    private final Map<EventLoop, EventLoopRedisConnection> connections = new ConcurrentHashMap<>();

    PipelinedRedis(Vertx vertx, String url, Duration timeout) {
        this.vertx = (VertxInternal) vertx;
        this.timeout = timeout;
        this.options = new RedisOptions().setConnectionString(url)
                .setMaxWaitingHandlers(MAX_IN_FLIGHT_PER_CONNECTION)
                // A client per connection (see EventLoopRedisConnection): its pool holds that one, for good.
                .setMaxPoolSize(1).setPoolCleanerInterval(-1).setPoolRecycleTimeout(-1)
                .setTracingPolicy(TracingPolicy.IGNORE)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) Math.max(1, timeout.toMillis()))
                        .setTcpNoDelay(true).setTcpKeepAlive(true));
    }

    /** From an event loop, on its own connection; from any other thread, on some loop's, answered on that loop. */
    Future<Response> send(Request request) {
        ContextInternal current = (ContextInternal) Vertx.currentContext();
        EventLoop loop = current != null ? current.nettyEventLoop() : vertx.nettyEventLoopGroup().next();
        EventLoopRedisConnection connection = connections.computeIfAbsent(loop, this::open);
        if (loop.inEventLoop()) {
            return connection.send(request);
        }
        Promise<Response> answer = Promise.promise();
        connection.context().runOnContext(run -> connection.send(request).onComplete(answer));
        return answer.future();
    }

    void close() {
        connections.values().forEach(connection -> connection.context().runOnContext(run -> connection.close()));
    }

    private EventLoopRedisConnection open(EventLoop loop) {
        return new EventLoopRedisConnection(vertx.createEventLoopContext(loop, null, PipelinedRedis.class.getClassLoader()),
                options, timeout);
    }
}

package dev.switchboard.ratelimit.redis;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.impl.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection to Redis owned by one event loop: every command of that loop is pipelined on it (Redis answers a
 * connection's commands in order), so no command waits for a connection of its own and none changes threads. It is
 * opened by the first command, and again by the first command after it was lost; commands asked meanwhile wait for
 * that one attempt. A command not answered within the timeout fails, with every command still waiting on this
 * connection, and the connection is dropped: whatever holds one answer up holds up all that follow it.
 *
 * <p>Every method runs on the owning event loop ({@link #context()}), so nothing here is synchronized.
 */
final class EventLoopRedisConnection {

    private final ContextInternal context;
    private final RedisOptions options;
    private final long timeoutNanos;
    private final Duration timeout;
    /** Commands in the order asked; answered ones leave when they reach the head. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final long sweeper;
    /** Null while there is no connection; a client of its own per connection, so dropping one closes its socket. */
    private Redis client;
    private Future<RedisConnection> connection;
    private boolean closed;

    /** May be made on any thread; nothing else touches it but {@code context}'s event loop. */
    EventLoopRedisConnection(ContextInternal context, RedisOptions options, Duration timeout) {
        this.context = context;
        this.options = options;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        // A timer per loop rather than one per command: a command waits at most a quarter of the timeout more.
        this.sweeper = context.setPeriodic(Math.max(1, timeout.toMillis() / 4), tick -> failOverdue());
    }

    ContextInternal context() {
        return context;
    }

    Future<Response> send(Request request) {
        if (closed) {
            return Future.failedFuture("Redis connection closed (shutting down)");
        }
        Waiting command = new Waiting(System.nanoTime());
        waiting.add(command);
        Future<RedisConnection> ready = connection();
        if (ready.succeeded()) {
            ready.result().send(request).onComplete(reply -> answer(command, reply));
        } else {
            ready.onComplete(opened -> {
                if (opened.succeeded()) {
                    opened.result().send(request).onComplete(reply -> answer(command, reply));
                } else {
                    answer(command, Future.failedFuture(opened.cause()));
                }
            });
        }
        return command.answer.future();
    }

    void close() {
        closed = true;
        context.owner().cancelTimer(sweeper);
        drop(new IllegalStateException("Redis connection closed (shutting down)"));
    }

    private Future<RedisConnection> connection() {
        if (connection == null) {
            Redis opening = openClient();
            client = opening;
            connection = opening.connect().map(opened -> {
                opened.exceptionHandler(failure -> lost(opening)).endHandler(end -> lost(opening));
                return opened;
            }).onFailure(failure -> lost(opening));
        }
        return connection;
    }

    /** The client's pool binds its connections to the context it was created on: this loop's. */
    private Redis openClient() {
        Redis[] created = new Redis[1];
        context.dispatch(() -> created[0] = Redis.createClient(context.owner(), options));
        return created[0];
    }

    /** The connection (or its opening) failed: the next command opens another; commands on it fail with it. */
    private void lost(Redis of) {
        if (client == of) {
            client = null;
            connection = null;
            of.close();
        }
    }

    private void answer(Waiting command, AsyncResult<Response> reply) {
        if (reply.succeeded()) {
            command.answer.tryComplete(reply.result());
        } else {
            command.answer.tryFail(reply.cause());
        }
        dropAnswered();
    }

    private void failOverdue() {
        dropAnswered();
        Waiting oldest = waiting.peek();
        if (oldest != null && System.nanoTime() - oldest.askedAt > timeoutNanos) {
            drop(new NoAnswer(timeout));
        }
    }

    /** Detached first: a failed command's caller may send the next one at once, on the next connection. */
    private void drop(RuntimeException failure) {
        if (client != null) {
            lost(client);
        }
        List<Waiting> dropped = new ArrayList<>(waiting);
        waiting.clear();
        dropped.forEach(command -> command.answer.tryFail(failure));
    }

    private void dropAnswered() {
        while (!waiting.isEmpty() && waiting.peek().answer.future().isComplete()) {
            waiting.poll();
        }
    }

    private static final class Waiting {
        final long askedAt;
        final Promise<Response> answer = Promise.promise();

        Waiting(long askedAt) {
            this.askedAt = askedAt;
        }
    }

    /** Redis did not answer in time; the message says how long it was given. */
    static final class NoAnswer extends RuntimeException {
        NoAnswer(Duration timeout) {
            super("no answer within " + timeout.toMillis() + " ms", null, false, false);
        }
    }
}

package dev.switchboard.gateway.relay;

import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.protocol.SseEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event stream the gateway writes to a client: SSE headers that keep proxies from buffering, a
 * comment after each quiet interval so intermediaries keep a long stream open, and back-pressure hooks so
 * a relay can pause its upstream while the client's write queue is full.
 */
public final class ClientEventStream implements ClientStream {

    private static final String KEEP_ALIVE = ": keep-alive\n\n";
    /** Tells a reverse proxy (nginx and those that follow it) not to buffer the stream. */
    private static final CharSequence NO_PROXY_BUFFERING = HttpHeaders.createOptimized("X-Accel-Buffering");

    private final HttpServerResponse response;
    private final Vertx vertx;
    private final long keepAliveMillis;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> drainListeners = new CopyOnWriteArrayList<>();
    private long timer = -1;
    private volatile long lastWrite;
    // Written to from the event loops of the upstreams that feed it (see SessionChannels), hence volatile.
    private volatile boolean ended;
    private final AtomicInteger openStreams;
    private boolean counted;

    /** {@code openStreams} counts this stream from its opening to its end (a metric). */
    public ClientEventStream(HttpServerResponse response, Vertx vertx, Duration keepAlive, AtomicInteger openStreams) {
        this.response = response;
        this.vertx = vertx;
        this.keepAliveMillis = Math.max(100, keepAlive.toMillis());
        this.openStreams = openStreams;
    }

    /**
     * Sends the headers and starts the keep-alive. {@code flush} writes a first comment at once, for a
     * stream whose first event may be long in coming (a client waits for the headers before it goes on).
     */
    public ClientEventStream open(boolean flush) {
        response.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, McpHeaders.EVENT_STREAM)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(NO_PROXY_BUFFERING, "no");
        response.closeHandler(closed -> finish(true));
        response.drainHandler(drained -> drainListeners.forEach(Runnable::run));
        lastWrite = System.nanoTime();
        counted = true;
        openStreams.incrementAndGet();
        timer = vertx.setPeriodic(keepAliveMillis, id -> {
            if (!ended && System.nanoTime() - lastWrite >= keepAliveMillis * 1_000_000) {
                write(KEEP_ALIVE);
            }
        });
        if (flush) {
            write(": open\n\n");
        }
        return this;
    }

    @Override
    public void send(SseEvent event) {
        write(event.format());
    }

    @Override
    public boolean isFull() {
        return !ended && response.writeQueueFull();
    }

    @Override
    public boolean isEnded() {
        return ended;
    }

    /** Runs when the client's write queue has room again. */
    @Override
    public void onDrain(Runnable listener) {
        drainListeners.add(listener);
    }

    /** Runs once when the client goes away before the stream ended. */
    @Override
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
    }

    /** Removes listeners added with {@link #onDrain} or {@link #onClose}, for a user of a long-lived stream that is done. */
    public void forget(Runnable... listeners) {
        for (Runnable listener : listeners) {
            drainListeners.remove(listener);
            closeListeners.remove(listener);
        }
    }

    /**
     * Gives the stream up while nothing of it was written (not even its headers): it counts as ended, and the
     * response is the caller's to answer otherwise. Answers whether it was given up.
     */
    public boolean giveUpUnwritten() {
        if (ended || response.headWritten()) {
            return false;
        }
        finish(false);
        response.setChunked(false).headers().remove("Content-Type").remove("Cache-Control").remove("X-Accel-Buffering");
        return true;
    }

    @Override
    public void end() {
        if (!ended) {
            finish(false);
            response.end();
        }
    }

    private void write(String text) {
        if (!ended && !response.closed()) {
            lastWrite = System.nanoTime();
            response.write(text);
        }
    }

    private void finish(boolean clientClosed) {
        if (ended) {
            return;
        }
        ended = true;
        vertx.cancelTimer(timer);
        if (counted) {
            openStreams.decrementAndGet();
        }
        if (clientClosed) {
            closeListeners.forEach(Runnable::run);
        }
    }
}

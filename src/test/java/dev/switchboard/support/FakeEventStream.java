package dev.switchboard.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** An event stream the upstream writes: a POST's answer, a standalone GET stream, or a legacy session's stream. */
public final class FakeEventStream {

    /** Marks a session with no standalone stream open. */
    static final FakeEventStream NONE = new FakeEventStream(null, false);

    private final HttpServerResponse response;
    private final boolean legacy;
    private final Promise<Void> closed = Promise.promise();
    private final Promise<Void> finished = Promise.promise();

    private FakeEventStream(HttpServerResponse response, boolean legacy) {
        this.response = response;
        this.legacy = legacy;
    }

    static FakeEventStream open(HttpServerResponse response, boolean legacy) {
        FakeEventStream events = new FakeEventStream(response, legacy);
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
        response.closeHandler(v -> {
            events.closed.tryComplete();
            events.finished.tryComplete();
        });
        response.endHandler(v -> events.finished.tryComplete());
        // Headers now: a legacy client waits for its endpoint, a gateway for its standalone stream.
        response.write(": open\n\n");
        return events;
    }

    /** Writes one JSON-RPC message as an event; completes once written to the connection. */
    public Future<Void> send(JsonObject message) {
        return sendEvent(legacy ? "message" : null, message.encode());
    }

    /** As {@link #send}, numbered, as an upstream that lets its clients resume a stream numbers its events. */
    public Future<Void> send(JsonObject message, String eventId) {
        if (response.closed() || response.ended()) {
            return Future.failedFuture("the stream is closed");
        }
        return response.write("id: " + eventId + "\ndata: " + message.encode() + "\n\n");
    }

    Future<Void> sendEvent(String name, String data) {
        if (response.closed() || response.ended()) {
            return Future.failedFuture("the stream is closed");
        }
        return response.write((name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n");
    }

    public boolean writeQueueFull() {
        return response.writeQueueFull();
    }

    public void drainHandler(Runnable handler) {
        response.drainHandler(v -> handler.run());
    }

    /** Ends a POST's stream; a legacy session's stream stays open for the session's other answers. */
    public void end() {
        if (!legacy && !response.ended() && !response.closed()) {
            response.end();
        }
    }

    /** Dies mid-stream, as a killed upstream process would: the connection closes without the stream's end. */
    public void kill() {
        response.reset();
    }

    /** Completes when the connection closed before the stream ended (the reader went away, or reset it). */
    public Future<Void> closed() {
        return closed.future();
    }

    /** Completes when the stream ended, either way. */
    Future<Void> finished() {
        return finished.future();
    }

    void close() {
        if (!response.closed()) {
            response.reset();
        }
    }
}

package dev.switchboard.gateway.upstream;

import io.vertx.core.Future;

/** An upstream stream the gateway listens to, or why it cannot (the upstream's HTTP status, 0 for none). */
public final class Listening {

    private final int status;
    private final Runnable stop;
    private final Future<Void> ended;

    Listening(int status, Runnable stop, Future<Void> ended) {
        this.status = status;
        this.stop = stop;
        this.ended = ended;
    }

    static Listening unavailable(int status) {
        return new Listening(status, () -> {
        }, Future.succeededFuture());
    }

    public boolean isListening() {
        return status == 200;
    }

    public int status() {
        return status;
    }

    /** Stops listening (the upstream stream is closed). */
    public void stop() {
        stop.run();
    }

    /** Runs when the stream ends, however it ends. */
    public void onEnd(Runnable action) {
        ended.onComplete(done -> action.run());
    }
}

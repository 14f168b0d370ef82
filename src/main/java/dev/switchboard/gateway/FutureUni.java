package dev.switchboard.gateway;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

/**
 * The gateway speaks Mutiny {@link Uni} between its parts; Vert.x hands out {@link Future}s where it does
 * I/O (the upstream HTTP client, relayed streams). This is where one becomes the other, on the context
 * that completed the future.
 */
public final class FutureUni {

    private FutureUni() {
    }

    public static <T> Uni<T> of(Future<T> future) {
        return Uni.createFrom().emitter(emitter -> future.onComplete(done -> {
            if (done.succeeded()) {
                emitter.complete(done.result());
            } else {
                emitter.fail(done.cause());
            }
        }));
    }
}

package dev.switchboard.gateway.pipeline;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether a resolved request may go on now: where rate and concurrency limits plug in (DESIGN §5). It
 * admits every request until they do; a limit refuses with a {@link Refusal} (429) like any other stage.
 */
@ApplicationScoped
public class Admission {

    public Uni<Void> admit(GatewayRequest request) {
        return Uni.createFrom().voidItem();
    }
}

package dev.switchboard.ratelimit.health;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis in readiness only when rate limits depend on it: the store is Redis and fails closed. Failing
 * open, a replica without Redis still serves (unlimited), so taking it out of rotation would only hurt.
 */
@Readiness
@ApplicationScoped
@LookupIfProperty(name = "switchboard.ratelimit.store", stringValue = "redis")
@LookupIfProperty(name = "switchboard.ratelimit.fail-open", stringValue = "false")
public class RedisReadiness implements AsyncHealthCheck {

    private static final String NAME = "Rate limits: Redis";

    @Inject
    Redis redis;

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.send(Request.cmd(Command.PING)).ifNoItem().after(Duration.ofSeconds(2)).fail()
                .map(pong -> HealthCheckResponse.up(NAME))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }
}

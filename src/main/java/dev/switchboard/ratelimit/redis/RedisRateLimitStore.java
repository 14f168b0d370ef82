package dev.switchboard.ratelimit.redis;

import dev.switchboard.ratelimit.Decision;
import dev.switchboard.ratelimit.LimitedKey;
import dev.switchboard.ratelimit.RateLimitStore;
import dev.switchboard.ratelimit.RateLimitStoreUnavailable;
import dev.switchboard.ratelimit.config.RateLimitConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Counters in Redis, shared by every replica: each decision is one round trip, the GCRA script run by
 * EVALSHA (EVAL when Redis does not have it yet, which also caches it), with Redis's own clock, pipelined on the
 * asking event loop's connection ({@link PipelinedRedis}). While Redis cannot be reached the limits fail open or
 * closed as configured; the outage is logged when it starts and ends, and every failed decision is counted.
 */
@ApplicationScoped
@Typed(RedisRateLimitStore.class)
public class RedisRateLimitStore implements RateLimitStore {

    private static final Logger LOG = Logger.getLogger(RedisRateLimitStore.class);

    @Inject
    Vertx vertx;

    @Inject
    RateLimitConfig config;

    @Inject
    MeterRegistry metrics;

    private final AtomicBoolean outage = new AtomicBoolean();
    private PipelinedRedis redis;
    private String script;
    private String sha;
    private Timer latency;

    @PostConstruct
    void load() {
        try (InputStream in = RedisRateLimitStore.class.getResourceAsStream("/ratelimit/gcra.lua")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        latency = Timer.builder("switchboard.ratelimit.store.latency").tag("store", "redis")
                .description("How long the rate-limit store took to decide").publishPercentileHistogram().register(metrics);
        redis = new PipelinedRedis(vertx, config.redis().url(), config.redis().timeout());
    }

    @PreDestroy
    void close() {
        redis.close();
    }

    @Override
    public Uni<Decision> decide(List<LimitedKey> keys) {
        return Uni.createFrom().emitter(emitter -> {
            long started = System.nanoTime();
            redis.send(run(Command.EVALSHA, sha, keys))
                    .recover(failure -> isNoScript(failure) ? redis.send(run(Command.EVAL, script, keys)) : Future.failedFuture(failure))
                    // a malformed answer fails here, and counts as Redis not answering
                    .map(reply -> decision(keys, reply))
                    .onComplete(decided -> {
                        if (decided.failed()) {
                            unreachable(decided.cause(), emitter);
                            return;
                        }
                        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        if (outage.compareAndSet(true, false)) {
                            LOG.info("Redis answers again: rate limits are shared by every replica again");
                        }
                        emitter.complete(decided.result());
                    });
        });
    }

    private Request run(Command command, String scriptOrSha, List<LimitedKey> keys) {
        Request request = Request.cmd(command).arg(scriptOrSha).arg(keys.size());
        for (LimitedKey key : keys) {
            request.arg(config.redis().keyPrefix() + key.id());
        }
        for (LimitedKey key : keys) {
            long interval = Math.max(1, key.limit().emissionIntervalNanos() / 1_000);
            request.arg(interval).arg(interval * key.limit().burst());
        }
        return request;
    }

    private void unreachable(Throwable failure, UniEmitter<? super Decision> emitter) {
        metrics.counter("switchboard.ratelimit.store.errors", "store", "redis").increment();
        if (outage.compareAndSet(false, true)) {
            LOG.warnf("Redis cannot be reached (%s): rate limits fail %s until it answers again", describe(failure),
                    config.failOpen() ? "open (requests are admitted unchecked)" : "closed (requests are refused)");
        }
        if (config.failOpen()) {
            emitter.complete(Decision.UNLIMITED);
        } else {
            emitter.fail(new RateLimitStoreUnavailable());
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static Decision decision(List<LimitedKey> keys, Response reply) {
        LimitedKey binding = keys.get(reply.get(1).toInteger() - 1);
        return new Decision(reply.get(0).toInteger() == 1, binding, reply.get(2).toLong(),
                reply.get(3).toLong() * 1_000, reply.get(4).toLong() * 1_000);
    }

    private static boolean isNoScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }
}

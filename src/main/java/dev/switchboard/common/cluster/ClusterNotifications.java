package dev.switchboard.common.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What replicas tell each other, through PostgreSQL's NOTIFY and LISTEN: one LISTEN connection per replica
 * for every channel, opened again whenever it drops. Notifications sent while a replica was not listening
 * are lost to it, so whoever keeps local state catches up each time its channel is listened to (again).
 */
@ApplicationScoped
public class ClusterNotifications {

    private static final Logger LOG = Logger.getLogger(ClusterNotifications.class);
    private static final long RECONNECT_MILLIS = 1_000;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final Set<String> channels = new HashSet<>();
    private PgSubscriber subscriber;
    private volatile boolean stopped;

    /** As {@link #listen(String, Consumer, Supplier)} with nothing to catch up on. */
    public Uni<Void> listen(String channel, Consumer<String> onNotification) {
        return listen(channel, onNotification, () -> Uni.createFrom().voidItem());
    }

    /**
     * Hands every notification on the channel to {@code onNotification} (on an event loop: it must not block),
     * and runs {@code catchUp} each time the channel is listened to, the first time and after every reconnect.
     * Answers once the channel is listened to and the first catch-up is done. One listener per channel.
     */
    public synchronized Uni<Void> listen(String channel, Consumer<String> onNotification, Supplier<Uni<Void>> catchUp) {
        if (!channels.add(channel)) {
            throw new IllegalStateException("Channel " + channel + " already has a listener");
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Counter received = metrics.counter("switchboard.cluster.notifications", "channel", channel);
        subscriber().channel(channel)
                .subscribeHandler(() -> {
                    if (ready.isDone()) {
                        LOG.infof("Listening to %s again; catching up", channel);
                    }
                    catchUp.get().subscribe().with(caughtUp -> ready.complete(null), failure -> {
                        LOG.warnf("Could not catch up on %s: %s", channel, failure.getMessage());
                        ready.completeExceptionally(failure);
                    });
                })
                .handler(payload -> {
                    received.increment();
                    onNotification.accept(payload);
                });
        return Uni.createFrom().completionStage(ready);
    }

    /** Sends a notification to every replica listening on the channel, this one included. */
    public Uni<Void> notify(String channel, String payload) {
        return pool.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(channel, payload)).replaceWithVoid();
    }

    @PreDestroy
    synchronized void stop() {
        stopped = true;
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    private PgSubscriber subscriber() {
        if (subscriber == null) {
            PgConnectOptions options = PgConnectOptions.fromUri(url.orElseThrow(
                    () -> new IllegalStateException("quarkus.datasource.reactive.url is not set")));
            user.ifPresent(options::setUser);
            password.ifPresent(options::setPassword);
            subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> RECONNECT_MILLIS);
            connect();
        }
        return subscriber;
    }

    // PgSubscriber reconnects a connection that dropped, not a first connection that failed.
    private void connect() {
        subscriber.connect().subscribe().with(connected -> LOG.debug("Listening for other replicas"), failure -> {
            LOG.warnf("Cannot listen for other replicas yet, trying again: %s", failure.getMessage());
            subscriber.close().subscribe().with(closed -> {
                if (!stopped) {
                    vertx.setTimer(RECONNECT_MILLIS, timer -> connect());
                }
            }, closeFailure -> LOG.debugf("Closing the failed listener: %s", closeFailure.getMessage()));
        });
    }
}

package dev.switchboard.audit;

import dev.switchboard.common.SecureIds;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * Writes audit events off the request path: {@link #record} only enqueues; a timer writes what is queued
 * in one batch every {@value #FLUSH_MILLIS} ms, and shutdown writes the rest. A failed batch is retried
 * with the next one, so an event is lost only if the database stays unreachable through shutdown.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    static final long FLUSH_MILLIS = 200;
    private static final int MAX_BATCH = 500;
    private static final String INSERT = """
            insert into audit_event (id, tenant_id, actor, user_id, action, server_id, target, outcome, latency_ms, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";

    private final Queue<AuditEvent> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean flushing;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @PostConstruct
    void start() {
        vertx.setPeriodic(FLUSH_MILLIS, id -> flush().subscribe().with(done -> { }, failure -> { }));
    }

    void onStop(@Observes ShutdownEvent event) {
        for (int attempt = 0; attempt < 20 && !pending.isEmpty(); attempt++) {
            flush().await().atMost(Duration.ofSeconds(10));
        }
        if (!pending.isEmpty()) {
            LOG.errorf("%d audit events could not be written before shutdown", pending.size());
        }
    }

    public void record(AuditEvent event) {
        pending.add(event);
    }

    /** Writes up to one batch of queued events; answers once they are stored. */
    public Uni<Void> flush() {
        if (flushing || pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        flushing = true;
        List<AuditEvent> batch = new ArrayList<>();
        AuditEvent event;
        while (batch.size() < MAX_BATCH && (event = pending.poll()) != null) {
            batch.add(event);
        }
        List<Tuple> rows = batch.stream().map(e -> Tuple.from(new Object[] {SecureIds.newId("aud"), e.tenantId(), e.actor(),
                e.userId(), e.action(), e.serverId(), e.target(), e.outcome(), e.latencyMs(),
                e.at().atOffset(ZoneOffset.UTC)})).toList();
        return pool.preparedQuery(INSERT).executeBatch(rows)
                .onFailure().invoke(failure -> {
                    LOG.warnf("Audit batch of %d not written yet: %s", batch.size(), failure.getMessage());
                    pending.addAll(batch);
                })
                .onTermination().invoke(() -> flushing = false)
                .replaceWithVoid();
    }
}

package dev.switchboard.audit;

import dev.switchboard.common.DatabaseFailures;
import dev.switchboard.common.SecureIds;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Writes audit events off the request path: {@link #record} only enqueues; a timer writes what is queued in
 * batches, and shutdown writes the rest. A batch the database refuses is written again row by row, so a row
 * it refuses fails alone and is dropped (counted in {@code switchboard.audit.dropped} and logged once). While
 * the database cannot be reached, events stay queued and the timer backs off from {@value #FLUSH_MILLIS} ms
 * to at most {@value #MAX_BACKOFF_MILLIS} ms.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    static final long FLUSH_MILLIS = 200;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final int MAX_BATCH = 500;
    /** Events are queued in memory while the database is away; past this many, new ones are dropped (and counted). */
    static final int MAX_PENDING = 100_000;
    private static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(10);
    private static final String INSERT = """
            insert into audit_event (id, tenant_id, actor, user_id, action, server_id, target, outcome, latency_ms, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";

    private final Queue<AuditEvent> pending = new ConcurrentLinkedQueue<>();
    /** Queued and being written: an event leaves the count once it is stored or dropped. */
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean overflowing = new AtomicBoolean();
    private volatile long delayMillis = FLUSH_MILLIS;
    private volatile boolean stopped;
    private volatile long timerId = -1;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    @PostConstruct
    void start() {
        scheduleFlush();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(timerId);
        drain(SHUTDOWN_DRAIN);
        int lost = pendingCount.get();
        if (lost > 0) {
            LOG.errorf("%d audit events could not be written before shutdown", lost);
            drop(lost, "shutdown");
        }
    }

    public void record(AuditEvent event) {
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            if (overflowing.compareAndSet(false, true)) {
                LOG.errorf("More than %d audit events are waiting for the database; new ones are dropped until it answers",
                        MAX_PENDING);
            }
            drop(1, "overflow");
            return;
        }
        pending.add(event);
    }

    /** How many events were dropped since start: refused by the database, over the queue bound, or left at shutdown. */
    public long droppedEvents() {
        return dropped.get();
    }

    int pendingEvents() {
        return pendingCount.get();
    }

    long retryDelayMillis() {
        return delayMillis;
    }

    /**
     * Writes up to one batch of queued events, or joins the write under way; answers when it is done. It never
     * fails: what the database refuses is dropped, what it could not be asked stays queued.
     */
    public Uni<Void> flush() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.compareAndExchange(null, started);
        if (running != null) {
            return Uni.createFrom().completionStage(running);
        }
        write(take()).subscribe().with(done -> finish(started), failure -> {
            LOG.error("Audit write failed unexpectedly", failure);
            finish(started);
        });
        return Uni.createFrom().completionStage(started);
    }

    /** Flushes until nothing is queued, waiting out an unreachable database up to the timeout; answers whether all was written. */
    boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingCount.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                flush().await().atMost(Duration.ofNanos(left));
            } catch (io.smallrye.mutiny.TimeoutException e) {
                break;
            }
            if (delayMillis > FLUSH_MILLIS && pendingCount.get() > 0) {
                pause(Math.min(delayMillis, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).toMillis()));
            }
        }
        return pendingCount.get() == 0;
    }

    private void scheduleFlush() {
        if (stopped) {
            return;
        }
        timerId = vertx.setTimer(delayMillis, id -> flush().subscribe().with(done -> scheduleFlush(), failure -> scheduleFlush()));
    }

    private void finish(CompletableFuture<Void> started) {
        inFlight.set(null);
        started.complete(null);
    }

    private List<AuditEvent> take() {
        List<AuditEvent> batch = new ArrayList<>();
        AuditEvent event;
        while (batch.size() < MAX_BATCH && (event = pending.poll()) != null) {
            batch.add(event);
        }
        return batch;
    }

    private Uni<Void> write(List<AuditEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return insert(batch)
                .onItem().invoke(() -> {
                    pendingCount.addAndGet(-batch.size());
                    reachable();
                })
                .onFailure().recoverWithUni(failure -> {
                    if (DatabaseFailures.unreachable(failure)) {
                        return unreachable(batch, failure);
                    }
                    LOG.debugf("Audit batch of %d refused, writing it row by row: %s", batch.size(), failure.getMessage());
                    return writeEach(batch, 0);
                });
    }

    /** Writes rows one at a time from {@code from} on; a refused row is dropped, an unreachable database ends the pass. */
    private Uni<Void> writeEach(List<AuditEvent> rows, int from) {
        if (from == rows.size()) {
            return Uni.createFrom().voidItem();
        }
        AuditEvent event = rows.get(from);
        return insert(List.of(event)).onItemOrFailure().transformToUni((written, failure) -> {
            if (failure == null) {
                pendingCount.decrementAndGet();
                reachable();
            } else if (DatabaseFailures.unreachable(failure)) {
                return unreachable(rows.subList(from, rows.size()), failure);
            } else {
                LOG.warnf("Audit event dropped (tenant %s, action %s): %s", event.tenantId(), event.action(), failure.getMessage());
                pendingCount.decrementAndGet();
                drop(1, "refused");
            }
            return writeEach(rows, from + 1);
        });
    }

    private Uni<Void> insert(List<AuditEvent> events) {
        List<Tuple> rows = events.stream().map(e -> Tuple.from(new Object[] {SecureIds.newId("aud"), e.tenantId(), e.actor(),
                e.userId(), e.action(), e.serverId(), e.target(), e.outcome(), e.latencyMs(),
                e.at().atOffset(ZoneOffset.UTC)})).toList();
        return pool.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    private void reachable() {
        delayMillis = FLUSH_MILLIS;
        overflowing.set(false);
    }

    /** Puts the events back and backs off; logged once per outage, when the back-off starts. */
    private Uni<Void> unreachable(List<AuditEvent> events, Throwable failure) {
        pending.addAll(events);
        if (delayMillis == FLUSH_MILLIS) {
            LOG.warnf("Audit events not written, the database is unreachable (retrying with back-off): %s", failure.getMessage());
        }
        delayMillis = Math.min(delayMillis * 2, MAX_BACKOFF_MILLIS);
        return Uni.createFrom().voidItem();
    }

    private void drop(int count, String reason) {
        dropped.addAndGet(count);
        metrics.counter("switchboard.audit.dropped", "reason", reason).increment(count);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

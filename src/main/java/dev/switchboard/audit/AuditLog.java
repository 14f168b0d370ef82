package dev.switchboard.audit;

import dev.switchboard.common.DatabaseFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Writes audit events off the request path: {@link #record} only enqueues; a timer writes what is queued, one
 * batch (one multi-row insert) after another until less than a batch is left, and shutdown writes the rest. A
 * batch the database refuses is written again in halves, and those in halves, so a row it refuses fails alone and
 * is dropped (counted in {@code switchboard.audit.dropped} and logged once). While the database cannot be reached, events
 * stay queued and the timer backs off from {@value #FLUSH_MILLIS} ms to at most {@value #MAX_BACKOFF_MILLIS} ms.
 */
@Singleton
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    static final long FLUSH_MILLIS = 200;
    static final long MAX_BACKOFF_MILLIS = 30_000;
    static final int MAX_BATCH = 2_000;
    /** Events are queued in memory while the database is away; past this many, new ones are dropped (and counted). */
    static final int MAX_PENDING = 100_000;
    private static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(10);
    /** One statement for a whole batch: a round trip per batch rather than per row. */
    private static final String INSERT = """
            insert into audit_event (id, tenant_id, actor, user_id, action, server_id, target, outcome, latency_ms, created_at)
            select * from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
                                 $7::varchar[], $8::varchar[], $9::bigint[], $10::timestamptz[])""";

    private final Queue<AuditEvent> pending = new ConcurrentLinkedQueue<>();
    /** Queued and being written: an event leaves the count once it is stored or dropped. */
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicReference<CompletableFuture<Void>> inFlight = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AuditIds rowIds = new AuditIds();
    final OverflowReport overflow = new OverflowReport();
    private volatile long delayMillis = FLUSH_MILLIS;
    private volatile boolean stopped;
    private volatile long timerId = -1;
    /** Package-visible so that a test reaches the bound without 100,000 events. */
    int maxPending = MAX_PENDING;

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
        overflow.report(maxPending);
        int lost = pendingCount.get();
        if (lost > 0) {
            LOG.errorf("%d audit events could not be written before shutdown", lost);
            drop(lost, "shutdown");
        }
    }

    public void record(AuditEvent event) {
        if (pendingCount.incrementAndGet() > maxPending) {
            pendingCount.decrementAndGet();
            drop(1, "overflow");
            overflow.dropped(maxPending);
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
     * Writes queued events a batch at a time until less than a batch is left (or the database is unreachable), or
     * joins the write under way; answers when it is done. It never fails: what the database refuses is dropped,
     * what it could not be asked stays queued.
     */
    public Uni<Void> flush() {
        overflow.report(maxPending);
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.compareAndExchange(null, started);
        // Copies: a caller that stops waiting (an await with a timeout) cancels its copy, not the flush others wait for.
        if (running != null) {
            return Uni.createFrom().completionStage(running.copy());
        }
        writeBatches(started);
        return Uni.createFrom().completionStage(started.copy());
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

    /**
     * The next batch is started from the callback of the last one (on the event loop, after its round trip), so a
     * long backlog neither nests subscriptions nor blocks a thread, and only one write is ever under way.
     */
    private void writeBatches(CompletableFuture<Void> started) {
        write(take()).subscribe().with(done -> {
            if (delayMillis == FLUSH_MILLIS && pendingCount.get() >= MAX_BATCH) {
                writeBatches(started);
            } else {
                finish(started);
            }
        }, failure -> {
            LOG.error("Audit write failed unexpectedly", failure);
            finish(started);
        });
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
        return writeHalving(batch).replaceWithVoid();
    }

    /**
     * Writes the rows; when the database refuses them, writes each half the same way, so a refused row ends up
     * alone and is dropped at the cost of about 2·log2(n) statements (row by row, a large batch took seconds while
     * the queue kept filling). Answers false when the database could not be reached: what was not written is queued again.
     */
    private Uni<Boolean> writeHalving(List<AuditEvent> rows) {
        return insert(rows).onItemOrFailure().transformToUni((written, failure) -> {
            if (failure == null) {
                pendingCount.addAndGet(-rows.size());
                reachable();
                return Uni.createFrom().item(true);
            }
            if (DatabaseFailures.unreachable(failure)) {
                unreachable(rows, failure);
                return Uni.createFrom().item(false);
            }
            if (rows.size() == 1) {
                AuditEvent event = rows.get(0);
                LOG.warnf("Audit event dropped (tenant %s, action %s): %s", event.tenantId(), event.action(), failure.getMessage());
                pendingCount.decrementAndGet();
                drop(1, "refused");
                return Uni.createFrom().item(true);
            }
            LOG.debugf("Audit batch of %d refused, writing it in halves: %s", rows.size(), failure.getMessage());
            List<AuditEvent> first = rows.subList(0, rows.size() / 2);
            List<AuditEvent> second = rows.subList(rows.size() / 2, rows.size());
            return writeHalving(first).chain(reached -> {
                if (reached) {
                    return writeHalving(second);
                }
                pending.addAll(second);
                return Uni.createFrom().item(false);
            });
        });
    }

    /** Texts arrive bounded: {@link AuditEvent}'s constructor cuts and cleans them, so no event skips that. */
    private Uni<Void> insert(List<AuditEvent> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] tenantIds = new String[n];
        String[] actors = new String[n];
        String[] userIds = new String[n];
        String[] actions = new String[n];
        String[] serverIds = new String[n];
        String[] targets = new String[n];
        String[] outcomes = new String[n];
        Long[] latencies = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            ids[i] = rowIds.next(e.at().toEpochMilli());
            tenantIds[i] = e.tenantId();
            actors[i] = e.actor();
            userIds[i] = e.userId();
            actions[i] = e.action();
            serverIds[i] = e.serverId();
            targets[i] = e.target();
            outcomes[i] = e.outcome();
            latencies[i] = e.latencyMs();
            times[i] = e.at().atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(INSERT)
                .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfString(tenantIds).addArrayOfString(actors)
                        .addArrayOfString(userIds).addArrayOfString(actions).addArrayOfString(serverIds)
                        .addArrayOfString(targets).addArrayOfString(outcomes).addArrayOfLong(latencies)
                        .addArrayOfOffsetDateTime(times))
                .replaceWithVoid();
    }

    private void reachable() {
        delayMillis = FLUSH_MILLIS;
    }

    /** Puts the events back and backs off; logged once per outage, when the back-off starts. */
    private void unreachable(List<AuditEvent> events, Throwable failure) {
        pending.addAll(events);
        if (delayMillis == FLUSH_MILLIS) {
            LOG.warnf("Audit events not written, the database is unreachable (retrying with back-off): %s", failure.getMessage());
        }
        delayMillis = Math.min(delayMillis * 2, MAX_BACKOFF_MILLIS);
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

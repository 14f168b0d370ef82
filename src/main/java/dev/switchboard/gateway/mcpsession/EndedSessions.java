package dev.switchboard.gateway.mcpsession;

import dev.switchboard.common.cluster.ClusterNotifications;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The MCP sessions clients ended, as this replica knows them, so that opening a session needs no query:
 * loaded when the replica starts (and again whenever it listens again after a disconnection), told by NOTIFY
 * when any replica ends one, and polled every {@value #POLL_MILLIS} ms for what a notification missed.
 * An entry leaves when its session would have expired anyway.
 */
@Singleton
class EndedSessions {

    private static final Logger LOG = Logger.getLogger(EndedSessions.class);
    static final String CHANNEL = "switchboard_mcp_session_ended";
    private static final long POLL_MILLIS = 5_000;
    private static final String ALL = "select session_hash, expires_at, ended_at from ended_mcp_session where expires_at > now()";
    // Overlaps what was seen: a row committed late may carry an ended_at older than one already read.
    private static final String SINCE = ALL + " and ended_at > $1::timestamptz - interval '1 minute'";
    private static final String END = """
            with ended as (
                insert into ended_mcp_session (session_hash, tenant_id, expires_at) values ($1, $2, $3)
                on conflict (session_hash) do nothing returning session_hash)
            select pg_notify('%s', $4) from ended""".formatted(CHANNEL);
    private static final String PURGE = "delete from ended_mcp_session where expires_at < now()";

    @Inject
    ClusterNotifications cluster;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    /** Session hash to the epoch second its session expires. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(10);

    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    /** The newest ended_at read (the database's clock), or null when the next read must be a full load. */
    private volatile OffsetDateTime seen;
    private long poller = -1;

    void start(@Observes StartupEvent event) {
        metrics.gaugeMapSize("switchboard.gateway.sessions.ended", Tags.empty(), ended);
        Uni<Void> listening = cluster.listen(CHANNEL, this::heard, () -> {
            seen = null;
            return catchUp();
        });
        try {
            // Start-up waits for what other replicas ended (Flyway has just reached the database); if it cannot
            // be read now, the service starts anyway and catches up on reconnect and at every poll.
            listening.await().atMost(STARTUP_WAIT);
        } catch (RuntimeException notYet) {
            LOG.warnf("Ended MCP sessions not loaded at start (%s); catching up in the background", notYet.getMessage());
        }
        poller = vertx.setPeriodic(POLL_MILLIS, tick -> {
            purgeExpired();
            catchUp().subscribe().with(caughtUp -> { },
                    failure -> LOG.warnf("Ended MCP sessions not polled: %s", failure.getMessage()));
        });
    }

    @PreDestroy
    void stop() {
        if (poller >= 0) {
            vertx.cancelTimer(poller);
        }
    }

    boolean contains(String sessionHash) {
        return ended.containsKey(sessionHash);
    }

    /** Ends a session for every replica: stored and announced in one statement, known here at once. */
    Uni<Void> end(String sessionHash, String tenantId, Instant expires) {
        String payload = sessionHash + " " + expires.getEpochSecond();
        return pool.preparedQuery(END).execute(Tuple.of(sessionHash, tenantId, expires.atOffset(ZoneOffset.UTC), payload))
                .invoke(() -> ended.put(sessionHash, expires.getEpochSecond()))
                .chain(() -> pool.query(PURGE).execute()).replaceWithVoid();
    }

    private void heard(String payload) {
        int space = payload.indexOf(' ');
        try {
            ended.put(payload.substring(0, space), Long.parseLong(payload.substring(space + 1)));
        } catch (RuntimeException e) {
            LOG.warn("Ignored a malformed ended-session notification");
        }
    }

    private Uni<Void> catchUp() {
        OffsetDateTime since = seen;
        Uni<RowSet<Row>> rows = since == null ? pool.query(ALL).execute() : pool.preparedQuery(SINCE).execute(Tuple.of(since));
        return rows.invoke(found -> {
            OffsetDateTime newest = since;
            for (Row row : found) {
                ended.put(row.getString("session_hash"), row.getOffsetDateTime("expires_at").toEpochSecond());
                OffsetDateTime at = row.getOffsetDateTime("ended_at");
                newest = newest == null || at.isAfter(newest) ? at : newest;
            }
            seen = newest;
        }).replaceWithVoid();
    }

    private void purgeExpired() {
        long now = Instant.now().getEpochSecond();
        ended.values().removeIf(expiry -> expiry < now);
    }
}

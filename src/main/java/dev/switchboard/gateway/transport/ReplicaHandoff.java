package dev.switchboard.gateway.transport;

import dev.switchboard.common.cluster.ClusterNotifications;
import dev.switchboard.gateway.GatewayCall;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Hands a message from the replica that received it to the replica that holds what it is for, through
 * PostgreSQL: the holder registers an id (bound to tenant, server and user); a message for it is stored
 * and announced with NOTIFY (whose payload is too small for messages, so it carries the row id), and the
 * holder, which LISTENs, takes the row. Used for a legacy HTTP+SSE client's POSTs (the holder answers on
 * the session's stream) and for a 2026-07-28 client's retry of a call that waits for its input (the holder
 * answers into a mailbox the retrying replica registered), so neither needs sticky routing. The tables are
 * named after their first use.
 */
@ApplicationScoped
public class ReplicaHandoff {

    private static final Logger LOG = Logger.getLogger(ReplicaHandoff.class);
    private static final String CHANNEL = "switchboard_legacy_sse";
    private static final String REGISTER = """
            insert into legacy_sse_session (id, tenant_id, server_id, user_id) values ($1, $2, $3, $4)""";
    /** How often a holder refreshes its sessions; one not refreshed for three periods has no live holder. */
    static final long HEARTBEAT_MILLIS = 5_000;
    private static final String REFRESH = "update legacy_sse_session set refreshed_at = now() where id = any($1)";
    // Dead holders' sessions and the messages left for them (cascade).
    private static final String PURGE = "delete from legacy_sse_session where refreshed_at < now() - interval '1 minute'";
    private static final String UNREGISTER = "delete from legacy_sse_session where id = $1";
    private static final String FORWARD = """
            with session as (
                select id from legacy_sse_session where id = $1 and tenant_id = $2 and server_id = $3 and user_id = $4
                and refreshed_at > now() - interval '15 seconds'),
            message as (
                insert into legacy_sse_message (session_id, body) select id, $5 from session returning id)
            select pg_notify('%s', message.id || ' ' || $1) from message""".formatted(CHANNEL);
    private static final String TAKE = "delete from legacy_sse_message where id = $1 returning body";

    @Inject
    Pool pool;

    @Inject
    ClusterNotifications cluster;

    @Inject
    Vertx vertx;

    private final Map<String, Consumer<String>> local = new ConcurrentHashMap<>();
    private Uni<Void> listening;
    private long heartbeat;

    /**
     * Listens (once per replica, from the first registration on) and registers an id held by this
     * replica; {@code receiver} gets the messages other replicas hand over for it.
     */
    public Uni<Void> register(String sessionId, GatewayCall call, Consumer<String> receiver) {
        return register(sessionId, Caller.of(call), receiver);
    }

    /** As {@link #register(String, GatewayCall, Consumer)}, for a caller known by its ids only. */
    public synchronized Uni<Void> register(String sessionId, Caller caller, Consumer<String> receiver) {
        if (listening == null) {
            listening = listen().memoize().indefinitely();
        }
        local.put(sessionId, receiver);
        return listening.chain(() -> pool.preparedQuery(REGISTER).execute(Tuple.of(sessionId,
                        caller.tenantId(), caller.serverId(), caller.userId()))).replaceWithVoid();
    }

    /** Whom an id is bound to: only the same tenant, server and user may hand it a message. */
    public record Caller(String tenantId, String serverId, String userId) {
        public static Caller of(GatewayCall call) {
            return new Caller(call.server().tenantId().value(), call.server().id(), call.userId());
        }
    }

    public Uni<Void> unregister(String sessionId) {
        local.remove(sessionId);
        return pool.preparedQuery(UNREGISTER).execute(Tuple.of(sessionId)).replaceWithVoid();
    }

    /** Hands a message to the replica holding the id; false when no replica holds it for this caller. */
    public Uni<Boolean> forward(String sessionId, GatewayCall call, String body) {
        return pool.preparedQuery(FORWARD).execute(Tuple.of(sessionId, call.server().tenantId().value(), call.server().id(),
                call.userId(), body)).map(rows -> rows.rowCount() > 0);
    }

    @PostConstruct
    void startHeartbeat() {
        heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, tick -> refresh());
    }

    @PreDestroy
    void stopHeartbeat() {
        vertx.cancelTimer(heartbeat);
    }

    private void refresh() {
        Uni<?> refreshed = local.isEmpty() ? Uni.createFrom().voidItem()
                : pool.preparedQuery(REFRESH).execute(Tuple.of((Object) local.keySet().toArray(new String[0])));
        refreshed.chain(() -> pool.query(PURGE).execute()).subscribe().with(done -> {
        }, failure -> LOG.warnf("Handed-over ids not refreshed: %s", failure.getMessage()));
    }

    private Uni<Void> listen() {
        // Every replica hears every message; only the holder of the session takes it.
        return cluster.listen(CHANNEL, payload -> {
            int space = payload.indexOf(' ');
            Consumer<String> receiver = space < 0 ? null : local.get(payload.substring(space + 1));
            if (receiver != null) {
                take(Long.parseLong(payload.substring(0, space)), receiver);
            }
        });
    }

    private void take(long id, Consumer<String> receiver) {
        pool.preparedQuery(TAKE).execute(Tuple.of(id)).subscribe().with(rows -> rows.forEach(row ->
                receiver.accept(row.getString("body"))),
                failure -> LOG.warnf("A handed-over message was not taken: %s", failure.getMessage()));
    }
}

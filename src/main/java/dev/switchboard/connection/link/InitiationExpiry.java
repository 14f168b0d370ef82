package dev.switchboard.connection.link;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Accounts left INITIATED for longer than a link lives become EXPIRED with Composio's reason, so that a caller
 * waiting for the connection ({@code waitForConnection}) fails instead of running out its timeout. Every replica
 * sweeps every half minute; the update is idempotent, and it spans tenants because it is upkeep, not a request.
 */
@ApplicationScoped
public class InitiationExpiry {

    private static final Logger LOG = Logger.getLogger(InitiationExpiry.class);
    private static final long PERIOD_MILLIS = 30_000;
    private static final String EXPIRE = """
            update connected_account set status = 'EXPIRED', status_reason = $1, updated_at = now()
            where status = 'INITIATED' and updated_at <= $2""";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    private long timer = -1;

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(PERIOD_MILLIS, id -> sweep().subscribe().with(
                expired -> {
                    if (expired > 0) {
                        LOG.debugf("%d connection(s) expired unfinished", expired);
                    }
                },
                failure -> LOG.warnf("Unfinished connections were not expired this time: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Expires every account INITIATED longer ago than a link lives; answers how many. */
    public Uni<Integer> sweep() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(ConnectionLinks.LIFETIME);
        return pool.preparedQuery(EXPIRE).execute(Tuple.of(ConnectionLinks.EXPIRED_REASON, cutoff)).map(rows -> rows.rowCount());
    }
}

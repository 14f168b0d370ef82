package dev.switchboard.connection;

import dev.switchboard.connection.oauth.AccountTokens;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Writes EXPIRED on accounts whose initiation (an OAuth2 authorization or a link's key form) did not complete within
 * the window, so a caller waiting for the connection fails instead of running out its timeout, and drops OAuth2
 * authorizations nobody can use any more. Answers already read such an account as EXPIRED (ConnectedAccountEntity.effectiveStatus,
 * and the list filter), so this sweep only makes the rows say so. It is one idempotent statement, run by every
 * replica each minute: several replicas at once update each row once (the second finds nothing), with no lock.
 */
@ApplicationScoped
public class InitiationExpiry {

    private static final Logger LOG = Logger.getLogger(InitiationExpiry.class);
    private static final long SWEEP_MILLIS = Duration.ofMinutes(1).toMillis();
    /** A used or expired authorization is kept a day, so a replayed state is told apart from an unknown one. */
    private static final Duration KEEP_AUTHORIZATIONS = Duration.ofDays(1);

    private static final String EXPIRE = """
            update connected_account set status = 'EXPIRED', status_reason = $2, redirect_url = null, updated_at = initiated_at + $3 * interval '1 second'
            where status = 'INITIATED' and initiated_at < $1""";
    private static final String DROP = "delete from oauth_authorization where expires_at < $1";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    private long timer = -1;

    void schedule(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(SWEEP_MILLIS, tick -> sweep().subscribe().with(
                expired -> LOG.debugf("%d abandoned initiations expired", expired),
                failure -> LOG.warnf("Abandoned initiations not expired this time: %s", failure.getMessage())));
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Expires what is due now; answers how many accounts it expired. */
    public Uni<Integer> sweep() {
        Instant now = Instant.now();
        Tuple expire = Tuple.of(AccountTokens.offset(now.minus(ConnectedAccountEntity.INITIATION_WINDOW)),
                ConnectedAccountEntity.INITIATION_EXPIRED, ConnectedAccountEntity.INITIATION_WINDOW.toSeconds());
        return pool.preparedQuery(EXPIRE).execute(expire).map(rows -> rows.rowCount())
                .call(() -> pool.preparedQuery(DROP).execute(Tuple.of(AccountTokens.offset(now.minus(KEEP_AUTHORIZATIONS)))));
    }
}

package dev.switchboard.common;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Tells a database that cannot be reached (retry later) from one that refused a statement (retrying the
 * same statement cannot help). What the reactive PostgreSQL client really reports, possibly wrapped by
 * Hibernate Reactive or Mutiny: a refused connection as Netty's {@code AnnotatedConnectException} (a
 * {@link ConnectException}), a lost one as {@link ClosedConnectionException}, an unresolvable host as
 * {@link UnknownHostException}, a connect timeout as Netty's {@code ConnectTimeoutException}, and a server
 * that is shutting down, starting up or full as a {@link PgException} with the SQLSTATEs below.
 */
public final class DatabaseFailures {

    /** admin_shutdown, crash_shutdown, cannot_connect_now (starting up or in recovery), too_many_connections. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** SQLSTATE class 08: connection exceptions. */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private DatabaseFailures() {
    }

    public static boolean unreachable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof ClosedConnectionException || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith(CONNECTION_EXCEPTION_CLASS) || UNAVAILABLE_STATES.contains(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}

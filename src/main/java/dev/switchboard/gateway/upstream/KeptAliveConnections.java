package dev.switchboard.gateway.upstream;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * How long each upstream keeps an idle connection open, learned from the connections it closed while idle, so the
 * pool does not hand a request a connection the upstream is about to close (or has closed, its FIN still on the
 * way): that request would be written into a closed connection and, if it is a tool call, could not be sent again
 * ({@link UpstreamHttp#send}). An upstream that closed a connection idle for {@code d} (earlier than the pool's own
 * idle timeout) gets connections reused only while idle for less than three quarters of the shortest such
 * {@code d} seen in the last ten minutes; an older one is closed when the pool hands it out, and the request takes
 * another.
 */
final class KeptAliveConnections {

    private static final Logger LOG = Logger.getLogger(KeptAliveConnections.class);

    /** A connection closed this soon after an answer ended was closed with the answer, not for being idle. */
    static final long CLOSED_WITH_ANSWER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final long poolIdleNanos;
    private final Map<HttpConnection, Use> uses = new ConcurrentHashMap<>();
    private final Map<SocketAddress, IdleLimit> limits = new ConcurrentHashMap<>();

    KeptAliveConnections(Duration poolIdleTimeout) {
        this.poolIdleNanos = poolIdleTimeout.toNanos();
    }

    /** A request connection the pool opened: from now on its idle times are watched. */
    void opened(HttpConnection connection) {
        SocketAddress upstream = connection.remoteAddress();
        IdleLimit limit = upstream == null ? new IdleLimit() : limits.computeIfAbsent(upstream, address -> new IdleLimit());
        Use use = new Use(limit, poolIdleNanos);
        uses.put(connection, use);
        connection.closeHandler(closed -> {
            uses.remove(connection);
            use.closed(System.nanoTime());
        });
    }

    /** What is known of a connection the pool handed out for a request. */
    Use use(HttpConnection connection) {
        Use use = uses.get(connection);
        return use == null ? Use.UNWATCHED : use;
    }

    /**
     * What is known of one connection: since when it has been idle (0 while a request is on it, or never). Times are
     * {@link System#nanoTime()} readings, passed in.
     */
    static class Use {

        /** A connection of another client (event streams, never reused): never stale, nothing to note. */
        static final Use UNWATCHED = new Use(new IdleLimit(), 0) {
            @Override
            boolean isStale(long now) {
                return false;
            }

            @Override
            void busy() {
            }

            @Override
            void ended(long now) {
            }
        };

        private final IdleLimit limit;
        private final long poolIdleNanos;
        private volatile long idleSince;

        Use(IdleLimit limit, long poolIdleNanos) {
            this.limit = limit;
            this.poolIdleNanos = poolIdleNanos;
        }

        /** Idle longer than its upstream is known to keep a connection. */
        boolean isStale(long now) {
            long since = idleSince;
            return since != 0 && now - since >= limit.reuseNanos(now);
        }

        /** A request is on it, or the gateway is closing it: either way, not idle. */
        void busy() {
            idleSince = 0;
        }

        /** The answer on it ended: idle from now. */
        void ended(long now) {
            idleSince = now;
        }

        /** The connection closed: if it was idle, the upstream closed it for that, and its limit may be learned. */
        void closed(long now) {
            long since = idleSince;
            long idle = now - since;
            // Closed while idle, later than with an answer and before the pool's own timeout: the upstream's timeout.
            if (since != 0 && idle >= CLOSED_WITH_ANSWER_NANOS && idle < poolIdleNanos) {
                limit.learned(idle, now);
            }
        }
    }

    /**
     * Of one upstream address: how long an idle connection may be reused (unbounded until it closed one). What was
     * learned is forgotten after {@link #FORGET_NANOS}: a restart of the upstream closes every idle connection at
     * once, which looks like a short keep-alive timeout and must not shorten reuse for good. An upstream whose
     * timeout is short teaches it again, with its next idle connection closed.
     */
    static final class IdleLimit {

        static final long FORGET_NANOS = TimeUnit.MINUTES.toNanos(10);

        private volatile long reuseNanos = Long.MAX_VALUE;
        private volatile long learnedAt;

        long reuseNanos(long now) {
            long reuse = reuseNanos;
            return reuse != Long.MAX_VALUE && now - learnedAt > FORGET_NANOS ? Long.MAX_VALUE : reuse;
        }

        synchronized void learned(long idleNanos, long now) {
            long reuse = idleNanos / 4 * 3;
            if (reuse < reuseNanos(now)) {
                reuseNanos = reuse;
                learnedAt = now;
                LOG.debugf("An upstream closed a connection idle for %d ms: its idle connections are reused for %d ms",
                        idleNanos / 1_000_000, reuse / 1_000_000);
            }
        }
    }
}

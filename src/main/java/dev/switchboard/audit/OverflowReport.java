package dev.switchboard.audit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The log line for events dropped over the queue bound: at most one per interval, saying how many were dropped
 * since the previous one, however many events (or batches written meanwhile) pass. Each drop is counted in the
 * metric by the caller; this only keeps a full queue from flooding the log.
 */
final class OverflowReport {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    static final Duration INTERVAL = Duration.ofSeconds(60);

    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong lastLine = new AtomicLong();
    private final AtomicBoolean written = new AtomicBoolean();
    /** Package-visible so that a test reaches the next line without waiting a minute. */
    volatile Duration interval = INTERVAL;

    void dropped(int bound) {
        unreported.incrementAndGet();
        report(bound);
    }

    /** Writes the line if events were dropped since the last one and that one is an interval old (or there was none). */
    void report(int bound) {
        if (unreported.get() == 0) {
            return;
        }
        long now = System.nanoTime();
        long last = lastLine.get();
        boolean first = !written.get();
        if (!first && now - last < interval.toNanos() || !lastLine.compareAndSet(last, now)) {
            return;
        }
        written.set(true);
        long count = unreported.getAndSet(0);
        LOG.errorf("Dropped %d audit event%s%s: more than %d were waiting to be written to the database (logged at most "
                + "every %d s; every drop is counted in switchboard.audit.dropped)",
                count, count == 1 ? "" : "s", first ? "" : " since the last such line", bound, interval.toSeconds());
    }
}

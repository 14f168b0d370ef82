package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.LogCapture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A full queue is logged once per interval, not once per batch written meanwhile; every dropped event is still
 * counted. A writer of its own (no timer, a bound of {@value #BOUND}) on the real database, so the test decides
 * when batches are written.
 */
@QuarkusTest
class AuditOverflowLogTest {

    private static final int BOUND = 100;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Test
    void aFullQueueIsLoggedOncePerIntervalWithTheDropsSinceTheLastLine() {
        String tenant = Api.newTenant().id();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        AuditLog audit = new AuditLog();
        audit.pool = pool;
        audit.vertx = vertx;
        audit.metrics = metrics;
        audit.maxPending = BOUND;
        try (LogCapture log = LogCapture.start()) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < BOUND + 50; i++) {
                    audit.record(new AuditEvent(tenant, "api_key:test", "gina", "tools/call", "mcp_test", "call_" + round + "_" + i,
                            "completed", 1L, Instant.now()));
                }
                audit.flush().await().atMost(Duration.ofSeconds(10));
                assertEquals(0, audit.pendingEvents(), "the batch was written");
            }
            assertEquals(1, overflowLines(log).size(), () -> "while the queue kept filling within one interval: " + overflowLines(log));
            assertTrue(overflowLines(log).get(0).contains("Dropped 1 audit event"), overflowLines(log).get(0));

            audit.overflow.interval = Duration.ZERO;
            audit.flush().await().atMost(Duration.ofSeconds(10));
            List<String> lines = overflowLines(log);
            assertEquals(2, lines.size(), lines::toString);
            assertTrue(lines.get(1).contains("Dropped 149 audit events since the last such line"), lines.get(1));
            audit.flush().await().atMost(Duration.ofSeconds(10));
            assertEquals(2, overflowLines(log).size(), "nothing new dropped, nothing new logged");
        }
        assertEquals(150, audit.droppedEvents());
        assertEquals(150, metrics.counter("switchboard.audit.dropped", "reason", "overflow").count());
        assertEquals(3L * BOUND, pool.preparedQuery("select count(*) from audit_event where tenant_id = $1").execute(Tuple.of(tenant))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0));
    }

    private static List<String> overflowLines(LogCapture log) {
        return Arrays.stream(log.text().split("\n")).filter(line -> line.toLowerCase().contains("more than " + BOUND + " ")).toList();
    }
}

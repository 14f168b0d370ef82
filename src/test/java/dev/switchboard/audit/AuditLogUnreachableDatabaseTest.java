package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** While the database cannot be reached (a closed loopback port), events stay queued and retries back off. */
class AuditLogUnreachableDatabaseTest {

    private Vertx vertx;
    private AuditLog audit;

    @BeforeEach
    void unreachableDatabase() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        vertx = Vertx.vertx();
        audit = new AuditLog();
        audit.vertx = vertx;
        audit.metrics = new SimpleMeterRegistry();
        audit.pool = io.vertx.mutiny.sqlclient.Pool.newInstance(PgBuilder.pool()
                .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(closedPort).setDatabase("switchboard")
                        .setUser("switchboard"))
                .using(vertx).build());
    }

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void eventsStayQueuedAndRetriesBackOffBoundedly() {
        for (int i = 0; i < 3; i++) {
            audit.record(new AuditEvent("ten_x", "api_key:k", "u", "tools/call", "mcp_x", "t" + i, "completed", 1L, Instant.now()));
        }
        long previous = audit.retryDelayMillis();
        assertEquals(AuditLog.FLUSH_MILLIS, previous);
        for (int attempt = 0; attempt < 12; attempt++) {
            audit.flush().await().atMost(Duration.ofSeconds(10));
            assertEquals(3, audit.pendingEvents(), "nothing lost while the database is away");
            assertTrue(audit.retryDelayMillis() >= previous, "the delay never shrinks while unreachable");
            previous = audit.retryDelayMillis();
        }
        assertEquals(AuditLog.MAX_BACKOFF_MILLIS, audit.retryDelayMillis());
        assertEquals(0, audit.droppedEvents());
        assertFalse(audit.drain(Duration.ofMillis(300)), "a drain gives up at its timeout");
        assertEquals(3, audit.pendingEvents());
    }
}

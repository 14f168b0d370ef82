package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The audit writer against the real database: one event the database would refuse never holds up the others, and
 * a backlog of many batches is written at once, not a batch per timer tick.
 */
@QuarkusTest
class AuditLogTest {

    @Inject
    AuditLog audit;

    @Inject
    Pool pool;

    private static AuditEvent event(String tenantId, String userId, String target) {
        return new AuditEvent(tenantId, "api_key:test", userId, "tools/call", "mcp_test", target, "completed", 3L,
                Instant.now());
    }

    /** A row the database refuses: audit_event.actor is NOT NULL (the gateway always names one). */
    private static AuditEvent refused(String tenantId, String target) {
        return new AuditEvent(tenantId, null, "mallory", "tools/call", "mcp_test", target, "completed", 3L, Instant.now());
    }

    @Test
    void anOverlongOrNulCarryingEventIsStoredBoundedBesideAGoodOne() {
        String tenant = Api.newTenant().id();
        String longTarget = "t".repeat(300) + "\u0000tail";
        audit.record(event(tenant, "u".repeat(300), longTarget));
        audit.record(event(tenant, "bob", "github__create_issue"));

        Map<String, Row> stored = awaitTargets(tenant, 2);
        Row good = stored.get("github__create_issue");
        assertEquals("bob", good.getString("user_id"));
        Row bounded = stored.values().stream().filter(row -> row != good).findFirst().orElseThrow();
        assertEquals(255, bounded.getString("target").length());
        assertTrue(bounded.getString("target").startsWith("ttt"));
        assertEquals(255, bounded.getString("user_id").length());

        audit.record(event(tenant, "bob", "nul\u0000in\u0007the\nmiddle"));
        Map<String, Row> afterwards = awaitTargets(tenant, 3);
        assertTrue(afterwards.keySet().stream().anyMatch(target -> target.startsWith("nul") && target.endsWith("middle")
                && target.chars().noneMatch(Character::isISOControl)), afterwards.keySet().toString());
    }

    @Test
    void aRowTheDatabaseRefusesIsDroppedAloneAndAuditingGoesOn() {
        String tenant = Api.newTenant().id();
        long droppedBefore = audit.droppedEvents();
        audit.record(refused(tenant, "refused_without_actor"));
        audit.record(event(tenant, "alice", "first"));
        awaitTargets(tenant, 1);
        audit.record(event(tenant, "alice", "second"));
        assertEquals(Map.of("first", "alice", "second", "alice"), userIds(awaitTargets(tenant, 2)));
        assertEquals(droppedBefore + 1, audit.droppedEvents());
    }

    @Test
    void drainingWritesEverythingPending() {
        String tenant = Api.newTenant().id();
        for (int i = 0; i < 1200; i++) {
            audit.record(event(tenant, "carol", "call_" + i));
        }
        assertTrue(audit.drain(Duration.ofSeconds(20)), "drained in time");
        assertEquals(1200, targets(tenant).size());
        List<String> byId = new ArrayList<>();
        pool.preparedQuery("select target from audit_event where tenant_id = $1 order by id").execute(Tuple.of(tenant))
                .await().atMost(Duration.ofSeconds(5)).forEach(row -> byId.add(row.getString("target")));
        assertEquals(IntStream.range(0, 1200).mapToObj(i -> "call_" + i).toList(), byId, "ids sort in the order of the events");
    }

    @Test
    void aBacklogOfManyBatchesIsWrittenByOneFlushWithoutADrop() {
        String tenant = Api.newTenant().id();
        long droppedBefore = audit.droppedEvents();
        int events = 20 * AuditLog.MAX_BATCH;
        for (int i = 0; i < events; i++) {
            audit.record(event(tenant, "dave", "call_" + i));
        }
        // The second flush starts (or joins one that started) after every event was queued.
        audit.flush().await().atMost(Duration.ofSeconds(60));
        audit.flush().await().atMost(Duration.ofSeconds(60));
        assertTrue(audit.pendingEvents() < AuditLog.MAX_BATCH, "left after a flush: " + audit.pendingEvents());
        assertEquals(events, awaitTargets(tenant, events).size());
        assertEquals(droppedBefore, audit.droppedEvents());
    }

    @Test
    void aRefusedRowInsideALargeBatchIsDroppedAlone() {
        String tenant = Api.newTenant().id();
        long droppedBefore = audit.droppedEvents();
        int events = 2 * AuditLog.MAX_BATCH + AuditLog.MAX_BATCH / 2;
        for (int i = 0; i < events; i++) {
            audit.record(i == AuditLog.MAX_BATCH + 234 ? refused(tenant, "refused")
                    : event(tenant, "erin", "call_" + i));
        }
        Map<String, Row> stored = awaitTargets(tenant, events - 1);
        assertFalse(stored.containsKey("refused"));
        assertTrue(stored.containsKey("call_" + (AuditLog.MAX_BATCH + 233)) && stored.containsKey("call_" + (AuditLog.MAX_BATCH + 235)));
        assertEquals(droppedBefore + 1, audit.droppedEvents());
    }

    @Test
    void aCallerThatStopsWaitingDoesNotCancelTheFlushOthersAwait() {
        String tenant = Api.newTenant().id();
        int events = 3 * AuditLog.MAX_BATCH;
        for (int i = 0; i < events; i++) {
            audit.record(event(tenant, "hank", "call_" + i));
        }
        Uni<Void> impatient = audit.flush();
        Uni<Void> patient = audit.flush();
        assertThrows(TimeoutException.class, () -> impatient.await().atMost(Duration.ofNanos(1)));
        patient.await().atMost(Duration.ofSeconds(60));
        awaitCount(tenant, events);
    }

    @Test
    void absentFieldsAreStoredAsNullBesidePresentOnes() {
        String tenant = Api.newTenant().id();
        audit.record(new AuditEvent(tenant, "api_key:test", null, "tools/call", null, null, "failed", null, Instant.now()));
        audit.record(event(tenant, "frank", "present"));
        awaitCount(tenant, 2);
        Map<String, String> byOutcome = new HashMap<>();
        pool.preparedQuery("select outcome, user_id, server_id, target, latency_ms from audit_event where tenant_id = $1")
                .execute(Tuple.of(tenant)).await().atMost(Duration.ofSeconds(5))
                .forEach(row -> byOutcome.put(row.getString("outcome"), row.getString("user_id") + "," + row.getString("server_id")
                        + "," + row.getString("target") + "," + row.getLong("latency_ms")));
        assertEquals(Map.of("failed", "null,null,null,null", "completed", "frank,mcp_test,present,3"), byOutcome);
    }

    private void awaitCount(String tenant, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count(tenant) < expected && System.nanoTime() < deadline) {
            audit.flush().await().atMost(Duration.ofSeconds(5));
            sleep();
        }
        assertEquals(expected, count(tenant));
    }

    private long count(String tenant) {
        return pool.preparedQuery("select count(*) from audit_event where tenant_id = $1").execute(Tuple.of(tenant))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }

    private Map<String, Row> awaitTargets(String tenant, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Row> rows = targets(tenant);
        while (rows.size() < expected && System.nanoTime() < deadline) {
            audit.flush().await().atMost(Duration.ofSeconds(5));
            sleep();
            rows = targets(tenant);
        }
        assertEquals(expected, rows.size(), () -> "stored audit events of the tenant: " + userIds(targets(tenant)));
        assertFalse(rows.containsKey(null));
        return rows;
    }

    private Map<String, Row> targets(String tenant) {
        Map<String, Row> rows = new HashMap<>();
        pool.preparedQuery("select target, user_id from audit_event where tenant_id = $1").execute(Tuple.of(tenant))
                .await().atMost(Duration.ofSeconds(5))
                .forEach(row -> rows.put(row.getString("target"), row));
        return rows;
    }

    private static Map<String, String> userIds(Map<String, Row> rows) {
        Map<String, String> users = new HashMap<>();
        rows.forEach((target, row) -> users.put(target, row.getString("user_id")));
        return users;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

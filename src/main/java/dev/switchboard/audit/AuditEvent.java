package dev.switchboard.audit;

import java.time.Instant;

/** One audited action. {@code actor} is who called (a user id or {@code api_key:<id>}); {@code userId} whom it acted for. */
public record AuditEvent(String tenantId, String actor, String userId, String action, String serverId, String target,
        String outcome, Long latencyMs, Instant at) {
}

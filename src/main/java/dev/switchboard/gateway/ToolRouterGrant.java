package dev.switchboard.gateway;

import dev.switchboard.tenancy.TenantId;

/** Who a tool-router session's own bearer token speaks for. */
public record ToolRouterGrant(TenantId tenantId, String sessionId, String userId) {
}

package dev.switchboard.gateway;

import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;

/** The gateway's view of tool-router sessions. */
public interface ToolRouterDirectory {

    /** A live session of the tenant as a server of its toolkits, or null when none (or it expired). */
    Uni<ResolvedToolRouterSession> resolve(TenantId tenant, String sessionId);

    /** Who a session's own bearer token speaks for, or null when the token is not a live session's. */
    Uni<ToolRouterGrant> grant(String token);
}

package dev.switchboard.gateway;

import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;

/** The gateway's only view of the management features: a server of a tenant, with upstream credentials. */
public interface ServerDirectory {

    /** The server, or null when the tenant has no server with this id. */
    Uni<ResolvedServer> resolve(TenantId tenant, String serverId);
}

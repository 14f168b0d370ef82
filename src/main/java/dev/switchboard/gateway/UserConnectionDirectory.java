package dev.switchboard.gateway;

import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The gateway's read of one user's connected accounts, whatever their status, for the connection-management tools
 * (a tool call may read the database; listing never does).
 */
public interface UserConnectionDirectory {

    /** One account: {@code status} as the API answers it (INACTIVE while disabled). */
    record Connection(String accountId, String toolkit, String authConfigId, String authScheme, String status,
            String statusReason, Instant updatedAt) {
    }

    /** The user's accounts for these toolkits, newest first. */
    Uni<List<Connection>> connections(TenantId tenant, String userId, Collection<String> toolkitSlugs);

    /** One of the user's accounts, or null when the user has no account of that id. */
    Uni<Connection> connection(TenantId tenant, String userId, String accountId);
}

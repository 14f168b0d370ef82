package dev.switchboard.gateway;

import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;

/** The gateway's view of connected accounts: what one user's active accounts send upstream. */
public interface AccountDirectory {

    /** The user's active accounts (none: empty maps, never null). */
    Uni<UserAccounts> accounts(TenantId tenant, String userId);
}

package dev.switchboard.gateway;

import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;

/** The gateway's view of connected accounts: what one user's active accounts send upstream. */
public interface AccountDirectory {

    /** The user's active accounts (none: empty maps, never null). */
    Uni<UserAccounts> accounts(TenantId tenant, String userId);

    /**
     * The accounts as a call should use them: credentials about to expire renewed first (rare, and then it may
     * wait for the database and the provider). Without any, the same accounts at once.
     */
    default Uni<UserAccounts> fresh(UserAccounts found) {
        return Uni.createFrom().item(found);
    }

    /** The same accounts when none has a credential to renew first (as {@link #fresh} would answer them), else null. */
    default UserAccounts freshAtOnce(UserAccounts found) {
        return found;
    }
}

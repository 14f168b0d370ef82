package dev.switchboard.identity;

import dev.switchboard.tenancy.TenantId;
import java.util.Set;

/**
 * Who is calling: a user from an OIDC token, or a tenant API key (a backend service that may act for
 * any user of its tenant, as in Composio's server-side model).
 *
 * @param subject   the user id for OIDC callers, {@code api_key:<id>} for API keys (for audit and logs)
 * @param tenantId  the tenant, or null when the caller has none (see {@code tenantRefusal})
 * @param tenantRefusal why a caller without a tenant has none, shown in the 403 it gets
 */
public record Principal(Kind kind, String subject, TenantId tenantId, String tenantName, Set<String> roles,
        String tenantRefusal) {

    public enum Kind {
        USER, API_KEY
    }

    public boolean isApiKey() {
        return kind == Kind.API_KEY;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The user id a user-facing call acts for, or null for an API key (which must name one). */
    public String userId() {
        return kind == Kind.USER ? subject : null;
    }
}

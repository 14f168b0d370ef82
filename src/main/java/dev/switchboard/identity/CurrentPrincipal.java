package dev.switchboard.identity;

import dev.switchboard.common.problem.ProblemException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller of the current request, with the checks every management endpoint starts with. */
@RequestScoped
public class CurrentPrincipal {

    /** The security identity attribute that carries the {@link Principal}. */
    public static final String ATTRIBUTE = "switchboard.principal";

    @Inject
    SecurityIdentity identity;

    /** The caller, who must belong to an active tenant. */
    public Principal member() {
        Principal principal = principal();
        if (principal.tenantId() == null) {
            throw ProblemException.forbidden(principal.tenantRefusal());
        }
        return principal;
    }

    /** The caller, who must be an admin of an active tenant. */
    public Principal admin() {
        Principal principal = member();
        if (!principal.hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("This operation needs the admin role in tenant '" + principal.tenantName() + "'");
        }
        return principal;
    }

    /** The caller, who must be a platform admin. */
    public Principal platformAdmin() {
        Principal principal = principal();
        if (!principal.hasRole(Roles.PLATFORM_ADMIN)) {
            throw ProblemException.forbidden("This operation needs the platform admin role");
        }
        return principal;
    }

    /**
     * The user a call acts for: an API key must name one; a user may only act for themselves and
     * acts for themselves when none is named.
     */
    public String actingUser(Principal principal, String requestedUserId, String field) {
        boolean named = requestedUserId != null && !requestedUserId.isBlank();
        if (principal.isApiKey()) {
            if (!named) {
                throw ProblemException.invalid(field, "is required when calling with an API key");
            }
            return requestedUserId;
        }
        if (named && !requestedUserId.equals(principal.userId()) && !principal.hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("A user may only act for their own user id");
        }
        return named ? requestedUserId : principal.userId();
    }

    public Principal principal() {
        Principal principal = identity.getAttribute(ATTRIBUTE);
        if (principal == null) {
            throw new UnauthorizedException();
        }
        return principal;
    }
}

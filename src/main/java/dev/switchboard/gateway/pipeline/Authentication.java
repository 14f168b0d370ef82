package dev.switchboard.gateway.pipeline;

import dev.switchboard.common.DatabaseFailures;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.ToolRouterDirectory;
import dev.switchboard.gateway.ToolRouterGrant;
import dev.switchboard.gateway.transport.ProtectedResourceMetadata;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Who calls: a tenant API key or an SSO token (through Quarkus security), or, on a session's URL, the
 * session's own token. A caller must belong to an active tenant. A 401 carries the challenge that points
 * MCP clients at the protected resource metadata, and so at the IdP.
 */
@ApplicationScoped
public class Authentication {

    private static final String SESSION_TOKEN_PREFIX = "Bearer sbs_";

    @Inject
    IdentityProviderManager identities;

    @Inject
    ToolRouterDirectory sessions;

    @Inject
    ProtectedResourceMetadata resourceMetadata;

    @Inject
    SwitchboardConfig config;

    private ShortLivedCache<ToolRouterGrant> grants;

    @PostConstruct
    void createCache() {
        grants = new ShortLivedCache<>(config.cacheTtl(), 10_000);
    }

    void evict(@Observes ConfigurationChanged changed) {
        grants.evictTenant(changed.tenantId());
    }

    public Uni<Void> authenticate(GatewayRequest request) {
        RoutingContext ctx = request.ctx();
        String sessionId = ctx.pathParam("sessionId");
        String authorization = ctx.request().getHeader("Authorization");
        if (sessionId != null && authorization != null && authorization.startsWith(SESSION_TOKEN_PREFIX)) {
            String token = authorization.substring("Bearer ".length()).trim();
            return grants.get(Sha256.hex(token), g -> g.tenantId().value(), () -> sessions.grant(token)).invoke(grant -> {
                if (grant == null || !grant.sessionId().equals(sessionId)) {
                    throw unauthorized(ctx, "The session token is not valid for this session (or the session expired)");
                }
                request.grant(grant);
            }).replaceWithVoid();
        }
        return QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                // A key that could not be looked up (the database is down) is not a bad key: the exit answers 503.
                .onFailure(failure -> failure instanceof AuthenticationFailedException && !DatabaseFailures.unreachable(failure))
                .transform(failure -> unauthorized(ctx,
                        failure.getMessage() == null ? "The credentials are not valid" : failure.getMessage()))
                .invoke(identity -> {
                    Principal caller = identity == null || identity.isAnonymous()
                            ? null : identity.getAttribute(CurrentPrincipal.ATTRIBUTE);
                    if (caller == null) {
                        throw unauthorized(ctx, "Authentication is required: send an x-api-key header or an OIDC bearer token");
                    }
                    if (caller.tenantId() == null) {
                        throw Refusal.of(403, caller.tenantRefusal());
                    }
                    request.principal(caller);
                }).replaceWithVoid();
    }

    private Refusal unauthorized(RoutingContext ctx, String detail) {
        return Refusal.unauthorized(resourceMetadata.challenge(ctx), detail);
    }
}

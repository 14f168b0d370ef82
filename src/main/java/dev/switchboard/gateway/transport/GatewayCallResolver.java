package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.ResolvedToolRouterSession;
import dev.switchboard.gateway.ToolRouterGrant;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.ServerDirectory;
import dev.switchboard.gateway.ToolRouterDirectory;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Who may call an MCP URL, and for whom: authenticates the request (API key, SSO token or a session's own
 * token), then resolves the server or session it addresses. Each method answers the client itself when
 * the request may not go on, and then yields null.
 */
@ApplicationScoped
class GatewayCallResolver {

    private static final String SESSION_TOKEN_PREFIX = "Bearer sbs_";

    @Inject
    IdentityProviderManager identities;

    @Inject
    ServerDirectory servers;

    @Inject
    ToolRouterDirectory sessions;

    @Inject
    ProtectedResourceMetadata resourceMetadata;

    @Inject
    SwitchboardConfig config;

    private ShortLivedCache<ResolvedServer> serverCache;
    private ShortLivedCache<ResolvedToolRouterSession> sessionCache;
    private ShortLivedCache<ToolRouterGrant> grantCache;

    @PostConstruct
    void createCaches() {
        serverCache = new ShortLivedCache<>(config.cacheTtl(), 10_000);
        sessionCache = new ShortLivedCache<>(config.cacheTtl(), 10_000);
        grantCache = new ShortLivedCache<>(config.cacheTtl(), 10_000);
    }

    void evict(@Observes ConfigurationChanged changed) {
        serverCache.evictTenant(changed.tenantId());
        sessionCache.evictTenant(changed.tenantId());
        grantCache.evictTenant(changed.tenantId());
    }

    /** A 401 whose challenge points MCP clients at the protected resource metadata (and so at the IdP). */
    void unauthorized(RoutingContext ctx, String detail) {
        HttpChecks.unauthorized(ctx, resourceMetadata.challenge(ctx), detail);
    }

    /** A persistent server's URL: an API key acts for the {@code user_id} it names, a user for themselves. */
    Uni<GatewayCall> serverCall(RoutingContext ctx) {
        return caller(ctx).chain(caller -> {
            if (!hasTenant(ctx, caller)) {
                return Uni.createFrom().nullItem();
            }
            return serverCall(ctx, caller);
        });
    }

    /**
     * A session's URL accepts the session's own token, the tenant's API key, or the session user's SSO
     * token; it always acts for the session's user. Someone else's session is not found.
     */
    Uni<GatewayCall> sessionCall(RoutingContext ctx) {
        String sessionId = ctx.pathParam("sessionId");
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.startsWith(SESSION_TOKEN_PREFIX)) {
            String token = authorization.substring("Bearer ".length()).trim();
            return grantCache.get(Sha256.hex(token), g -> g.tenantId().value(), () -> sessions.grant(token)).chain(grant -> {
                if (grant == null || !grant.sessionId().equals(sessionId)) {
                    unauthorized(ctx, "The session token is not valid for this session (or the session expired)");
                    return Uni.createFrom().nullItem();
                }
                return session(ctx, grant.tenantId(), sessionId, null, "session:" + sessionId);
            });
        }
        return caller(ctx).chain(caller -> hasTenant(ctx, caller)
                ? session(ctx, caller.tenantId(), sessionId, caller.isApiKey() ? null : caller.userId(), caller.subject())
                : Uni.createFrom().nullItem());
    }

    private Uni<GatewayCall> session(RoutingContext ctx, TenantId tenant, String sessionId, String requiredUser,
            String actor) {
        return sessionCache.get(tenant.value() + "/" + sessionId, s -> s.server().tenantId().value(),
                () -> sessions.resolve(tenant, sessionId)).map(session -> {
            if (session == null || requiredUser != null && !requiredUser.equals(session.userId())) {
                HttpChecks.problem(ctx, 404, "Session '" + sessionId + "' does not exist or expired");
                return null;
            }
            return new GatewayCall(session.server(), session.userId(), actor);
        });
    }

    private boolean hasTenant(RoutingContext ctx, Principal caller) {
        if (caller == null) {
            unauthorized(ctx, "Authentication is required: send an x-api-key header or an OIDC bearer token");
            return false;
        }
        if (caller.tenantId() == null) {
            HttpChecks.problem(ctx, 403, caller.tenantRefusal());
            return false;
        }
        return true;
    }

    private Uni<GatewayCall> serverCall(RoutingContext ctx, Principal caller) {
        String requested = ctx.request().getParam("user_id");
        String userId;
        if (caller.isApiKey()) {
            if (requested == null || requested.isBlank()) {
                HttpChecks.problem(ctx, 400, "user_id is required when calling with an API key");
                return Uni.createFrom().nullItem();
            }
            userId = requested;
        } else if (requested != null && !requested.equals(caller.userId())) {
            HttpChecks.problem(ctx, 403, "A user may only use their own MCP URL");
            return Uni.createFrom().nullItem();
        } else {
            userId = caller.userId();
        }
        String serverId = ctx.pathParam("serverId");
        return serverCache.get(caller.tenantId().value() + "/" + serverId, s -> s.tenantId().value(),
                () -> servers.resolve(caller.tenantId(), serverId)).map(server -> {
            if (server == null) {
                HttpChecks.problem(ctx, 404, "MCP server '" + serverId + "' does not exist");
                return null;
            }
            return new GatewayCall(server, userId, caller.subject());
        });
    }

    private Uni<Principal> caller(RoutingContext ctx) {
        return QuarkusHttpUser.getSecurityIdentity(ctx, identities).map(identity -> identity == null || identity.isAnonymous()
                ? null
                : (Principal) identity.getAttribute(CurrentPrincipal.ATTRIBUTE));
    }
}

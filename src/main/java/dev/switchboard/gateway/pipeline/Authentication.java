package dev.switchboard.gateway.pipeline;

import dev.switchboard.common.DatabaseFailures;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.ToolRouterDirectory;
import dev.switchboard.gateway.SsoToken;
import dev.switchboard.gateway.ToolRouterGrant;
import dev.switchboard.gateway.transport.ProtectedResourceMetadata;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.identity.TokenRefusals;
import dev.switchboard.identity.apikey.ApiKeyAuthenticationMechanism;
import dev.switchboard.identity.apikey.ApiKeyIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Who calls: a tenant API key or an SSO token (through Quarkus security), or, on a session's URL, the
 * session's own token. A caller must belong to an active tenant. A 401 carries the challenge that points
 * MCP clients at the protected resource metadata, and so at the IdP.
 */
@ApplicationScoped
public class Authentication {

    private static final Logger LOG = Logger.getLogger(Authentication.class);
    private static final String SESSION_TOKEN_PREFIX = "Bearer sbs_";

    @Inject
    IdentityProviderManager identities;

    @Inject
    ApiKeyIdentityProvider apiKeys;

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
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (sessionId != null && authorization != null && authorization.startsWith(SESSION_TOKEN_PREFIX)) {
            String token = authorization.substring("Bearer ".length()).trim();
            return grants.get(Sha256.hex(token), g -> g.tenantId().value(), () -> sessions.grant(token)).invoke(grant -> {
                if (grant == null || !grant.sessionId().equals(sessionId)) {
                    throw unauthorized(ctx, "The session token is not valid for this session (or the session expired)");
                }
                request.grant(grant);
            }).replaceWithVoid();
        }
        // A key whose row is cached and valid is known at once; any other credential (a key to look up or to refuse, an
        // SSO token) takes Quarkus security's mechanisms, the API key's first.
        String apiKey = ctx.request().getHeader(ApiKeyAuthenticationMechanism.HEADER);
        SecurityIdentity known = apiKey == null || apiKey.isBlank() ? null : apiKeys.cachedIdentity(apiKey.trim());
        if (known != null) {
            identified(request, known);
            return GatewayPipeline.DONE;
        }
        return QuarkusHttpUser.getSecurityIdentity(ctx, identities).onItemOrFailure().transformToUni((identity, failure) -> {
            if (failure != null) {
                // A key that could not be looked up (the database is down) is not a bad key: the exit answers 503.
                return Uni.createFrom().failure(failure instanceof AuthenticationFailedException && !DatabaseFailures.unreachable(failure)
                        ? refused(ctx, failure) : failure);
            }
            identified(request, identity);
            return GatewayPipeline.DONE;
        });
    }

    private void identified(GatewayRequest request, SecurityIdentity identity) {
        RoutingContext ctx = request.ctx();
        Principal caller = identity == null || identity.isAnonymous() ? null : identity.getAttribute(CurrentPrincipal.ATTRIBUTE);
        if (caller == null) {
            throw unauthorized(ctx, "Authentication is required: send an x-api-key header or an OIDC bearer token");
        }
        if (caller.tenantId() == null) {
            throw tenantless(ctx, caller);
        }
        request.principal(caller);
        request.ssoToken(caller.isApiKey() ? null : SsoToken.of(identity));
    }

    /**
     * A refused SSO token gets {@code invalid_token} and a reason that quotes nothing of the token; the line
     * in the log is how an operator learns why a user's MCP client cannot log in.
     */
    private Refusal refused(RoutingContext ctx, Throwable failure) {
        if (!bearerToken(ctx)) {
            return unauthorized(ctx, failure.getMessage() == null ? "The credentials are not valid" : failure.getMessage());
        }
        String reason = TokenRefusals.describe(failure);
        LOG.infof("Refused an SSO token on %s: %s", ctx.request().path(), reason);
        return Refusal.unauthorized(resourceMetadata.invalidToken(ctx, reason), reason);
    }

    /**
     * A token without a tenant claim lacks what the advertised scopes give ({@code insufficient_scope}, so the
     * client can ask for them); a tenant that does not exist or is disabled is no matter of scopes.
     */
    private Refusal tenantless(RoutingContext ctx, Principal caller) {
        if (caller.isApiKey() || caller.tenantName() != null) {
            return Refusal.of(403, caller.tenantRefusal());
        }
        LOG.infof("Refused an SSO token on %s: %s", ctx.request().path(), caller.tenantRefusal());
        return Refusal.forbidden(resourceMetadata.insufficientScope(ctx, caller.tenantRefusal()), caller.tenantRefusal());
    }

    private static boolean bearerToken(RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        return ctx.request().getHeader(ApiKeyAuthenticationMechanism.HEADER) == null && authorization != null
                && authorization.regionMatches(true, 0, "Bearer ", 0, "Bearer ".length());
    }

    private Refusal unauthorized(RoutingContext ctx, String detail) {
        return Refusal.unauthorized(resourceMetadata.challenge(ctx), detail);
    }
}

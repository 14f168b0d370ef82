package dev.switchboard.ratelimit.rest;

import dev.switchboard.common.ApiPaths;
import dev.switchboard.common.problem.ProblemResponses;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.ratelimit.Decision;
import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.Limit;
import dev.switchboard.ratelimit.LimitedKey;
import dev.switchboard.ratelimit.RateLimitAnswers;
import dev.switchboard.ratelimit.RateLimitStore;
import dev.switchboard.ratelimit.config.RateLimitConfig;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The management API's own limit: one rate per principal (API key or SSO user), on the same store as MCP
 * traffic. Over it, 429 with the problem body and Retry-After, which the Composio SDK's retry honours
 * (so no {@code x-should-retry: false}). A caller that is not authenticated is left to the resource's
 * 401; a store that cannot decide admits, whatever MCP traffic does, as the API is how limits get fixed.
 */
public class ManagementRateLimit {

    // Filters are built before config mappings can be read: the limit is looked up per request.
    @Inject
    Instance<RateLimitConfig> config;

    @Inject
    RateLimitStore store;

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        Limit limit = config.get().management().limit();
        if (limit.isOff() || !request.getUriInfo().getPath().startsWith(ApiPaths.ROOT)) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().onFailure().recoverWithNull().chain(identity -> {
            Principal caller = principalOf(identity);
            if (caller == null) {
                return Uni.createFrom().nullItem();
            }
            List<LimitedKey> keys = List.of(new LimitedKey(KeyKind.PRINCIPAL,
                    "p:{" + caller.tenantId().value() + "}:" + caller.kind() + ":" + caller.subject(), limit));
            return store.decide(keys).onFailure().recoverWithItem(Decision.UNLIMITED)
                    .map(decision -> decision.admitted() ? null : refusal(keys, decision));
        });
    }

    private static Principal principalOf(SecurityIdentity identity) {
        Principal caller = identity == null || identity.isAnonymous() ? null : identity.getAttribute(CurrentPrincipal.ATTRIBUTE);
        return caller == null || caller.tenantId() == null ? null : caller;
    }

    private static Response refusal(List<LimitedKey> keys, Decision decision) {
        Response problem = ProblemResponses.of(429, "Too Many Requests", RateLimitAnswers.describe(decision), List.of(), true);
        Response.ResponseBuilder response = Response.fromResponse(problem);
        RateLimitAnswers.headers(keys, decision).forEach(response::header);
        return response.build();
    }
}

package dev.switchboard.gateway.pipeline;

import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.ResolvedToolRouterSession;
import dev.switchboard.gateway.ServerDirectory;
import dev.switchboard.gateway.ToolRouterDirectory;
import dev.switchboard.identity.Principal;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a request addresses and for whom. A persistent server's URL acts for the {@code user_id} an API
 * key names, or for the SSO user themselves; a session's URL always acts for the session's user, and
 * someone else's session is not found. Servers and sessions are read through short-lived caches.
 */
@ApplicationScoped
public class Resolution {

    @Inject
    ServerDirectory servers;

    @Inject
    ToolRouterDirectory sessions;

    @Inject
    SwitchboardConfig config;

    private static final Function<ResolvedServer, String> SERVER_TENANT = server -> server.tenantId().value();
    private static final Function<ResolvedToolRouterSession, String> SESSION_TENANT = session -> session.server().tenantId().value();

    private ShortLivedCache<ResolvedServer> serverCache;
    private ShortLivedCache<ResolvedToolRouterSession> sessionCache;

    @PostConstruct
    void createCaches() {
        serverCache = new ShortLivedCache<>(config.cacheTtl(), 10_000);
        sessionCache = new ShortLivedCache<>(config.cacheTtl(), 10_000);
    }

    void evict(@Observes ConfigurationChanged changed) {
        serverCache.evictTenant(changed.tenantId());
        sessionCache.evictTenant(changed.tenantId());
    }

    public Uni<Void> resolve(GatewayRequest request) {
        String sessionId = request.ctx().pathParam("sessionId");
        return sessionId != null ? sessionCall(request, sessionId) : serverCall(request);
    }

    private Uni<Void> serverCall(GatewayRequest request) {
        Principal caller = request.principal();
        String requested = request.ctx().queryParams().get("user_id");
        String userId;
        if (caller.isApiKey()) {
            if (requested == null || requested.isBlank()) {
                throw Refusal.of(400, "user_id is required when calling with an API key");
            }
            userId = requested;
        } else if (requested != null && !requested.equals(caller.userId())) {
            throw Refusal.of(403, "A user may only use their own MCP URL");
        } else {
            userId = caller.userId();
        }
        String serverId = request.ctx().pathParam("serverId");
        String key = caller.tenantId().value() + "/" + serverId;
        Consumer<ResolvedServer> use = server -> {
            if (server == null) {
                throw Refusal.of(404, "MCP server '" + serverId + "' does not exist");
            }
            request.call(new GatewayCall(server, userId, caller.subject()));
        };
        return fromCache(serverCache, key, SERVER_TENANT, () -> servers.resolve(caller.tenantId(), serverId), use);
    }

    /** A session token acts as the session; a key or SSO user of the tenant may use it too, a user only their own. */
    private Uni<Void> sessionCall(GatewayRequest request, String sessionId) {
        Principal caller = request.principal();
        TenantId tenant = caller == null ? request.grant().tenantId() : caller.tenantId();
        String requiredUser = caller == null || caller.isApiKey() ? null : caller.userId();
        String actor = caller == null ? "session:" + sessionId : caller.subject();
        Consumer<ResolvedToolRouterSession> use = session -> {
            if (session == null || requiredUser != null && !requiredUser.equals(session.userId())) {
                throw Refusal.of(404, "Session '" + sessionId + "' does not exist or expired");
            }
            request.call(new GatewayCall(session.server(), session.userId(), actor));
        };
        return fromCache(sessionCache, tenant.value() + "/" + sessionId, SESSION_TENANT, () -> sessions.resolve(tenant, sessionId), use);
    }

    /** Uses the cached value at once when there is one ({@link GatewayPipeline#DONE}), else once it is loaded. */
    private static <V> Uni<Void> fromCache(ShortLivedCache<V> cache, String key, Function<V, String> tenantOf,
            Supplier<Uni<V>> load, Consumer<V> use) {
        V cached = cache.cached(key, tenantOf, load);
        if (cached != null) {
            use.accept(cached);
            return GatewayPipeline.DONE;
        }
        return cache.get(key, tenantOf, load).invoke(use).replaceWithVoid();
    }
}

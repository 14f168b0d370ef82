package dev.switchboard.gateway.pipeline;

import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.AccountDirectory;
import dev.switchboard.gateway.AccountNeed;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.UserAccounts;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The credential stage: settles, for the user a request acts for, the upstreams whose credential depends on who
 * calls ({@link UpstreamTarget#need}). A pinned auth config whose key belongs to each user takes the user's active
 * account for it, and without one the upstream is not called (a call to it is answered with what to do); a
 * toolkit with no pinned config takes the user's active account for the toolkit, or goes without a credential.
 * Each user's accounts are read through a short-lived cache, dropped on every replica when an account or an
 * auth config changes, so a busy session does not wait for the database. A TOKEN_EXCHANGE upstream is left to
 * {@link ExchangedCredentials}.
 */
@Singleton
public class UserCredentials {

    @Inject
    AccountDirectory accounts;

    @Inject
    SwitchboardConfig config;

    private ShortLivedCache<UserAccounts> cache;

    @PostConstruct
    void createCache() {
        cache = new ShortLivedCache<>(config.cacheTtl(), 50_000);
    }

    void evict(@Observes ConfigurationChanged changed) {
        cache.evictTenant(changed.tenantId());
    }

    public Uni<Void> settle(GatewayRequest request) {
        GatewayCall call = request.call();
        if (call == null || allSettledElsewhere(call.server().upstreams())) {
            return GatewayPipeline.DONE;
        }
        String key = call.server().tenantId().value() + "/" + call.userId();
        Supplier<Uni<UserAccounts>> loader = () -> accounts.accounts(call.server().tenantId(), call.userId());
        UserAccounts cached = cache.cached(key, UserAccounts::tenantId, loader);
        UserAccounts fresh = cached == null ? null : accounts.freshAtOnce(cached);
        if (fresh != null) {
            settle(request, call, fresh);
            return GatewayPipeline.DONE;
        }
        return cache.get(key, UserAccounts::tenantId, loader)
                .chain(accounts::fresh)
                .invoke(found -> settle(request, call, found))
                .replaceWithVoid();
    }

    private static void settle(GatewayRequest request, GatewayCall call, UserAccounts found) {
        request.call(new GatewayCall(settled(call.server(), call.userId(), found), call.userId(), call.actor()));
    }

    /** The server as this user reaches it: every upstream's credential settled by the user's accounts. */
    static ResolvedServer settled(ResolvedServer server, String userId, UserAccounts found) {
        List<UpstreamTarget> upstreams = new ArrayList<>(server.upstreams().size());
        for (UpstreamTarget target : server.upstreams()) {
            upstreams.add(settledElsewhere(target) ? target : settled(target, userId, found));
        }
        return new ResolvedServer(server.tenantId(), server.id(), server.name(), server.allowedTools(), server.manageConnections(),
                server.prefixNames(), List.copyOf(upstreams));
    }

    private static boolean allSettledElsewhere(List<UpstreamTarget> upstreams) {
        for (UpstreamTarget target : upstreams) {
            if (!settledElsewhere(target)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the target needs no account: settled already, or by a token exchange ({@link ExchangedCredentials}). */
    private static boolean settledElsewhere(UpstreamTarget target) {
        return target.need() == null || target.need().isExchange();
    }

    private static UpstreamTarget settled(UpstreamTarget target, String userId, UserAccounts found) {
        AccountNeed need = target.need();
        if (need.authConfigId() == null) {
            UserAccounts.Held held = found.byToolkit().get(target.slug());
            return held != null && held.unusable() != null ? target.withUnusable(held.unusable())
                    : target.withCredential(held == null ? null : held.credential());
        }
        UserAccounts.Held held = found.byAuthConfig().get(need.authConfigId());
        if (held == null) {
            return target.withUnusable("User '" + userId + "' has no active connected account for toolkit '" + target.slug()
                    + "' (auth config '" + need.authConfigId() + "'): connect one, then call again.");
        }
        return held.unusable() != null ? target.withUnusable(held.unusable()) : target.withCredential(held.credential());
    }
}

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

    /**
     * A user's accounts as cached, with the last server settled by them: a busy user calls one server, which the
     * resolution stage keeps as one object between calls, so the settled server is made once per server and accounts.
     */
    private static final class CachedAccounts {

        private record Settled(ResolvedServer server, UserAccounts accounts, ResolvedServer settled) {
        }

        final UserAccounts accounts;
        private volatile Settled last;

        CachedAccounts(UserAccounts accounts) {
            this.accounts = accounts;
        }

        String tenantId() {
            return accounts.tenantId();
        }

        ResolvedServer settled(ResolvedServer server, String userId, UserAccounts fresh) {
            Settled known = last;
            if (known != null && known.server() == server && known.accounts() == fresh) {
                return known.settled();
            }
            ResolvedServer settled = UserCredentials.settled(server, userId, fresh);
            last = new Settled(server, fresh, settled);
            return settled;
        }
    }

    private ShortLivedCache<CachedAccounts> cache;

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
        Supplier<Uni<CachedAccounts>> loader = () -> accounts.accounts(call.server().tenantId(), call.userId()).map(CachedAccounts::new);
        CachedAccounts cached = cache.cached(key, CachedAccounts::tenantId, loader);
        UserAccounts fresh = cached == null ? null : accounts.freshAtOnce(cached.accounts);
        if (fresh != null) {
            settle(request, call, cached, fresh);
            return GatewayPipeline.DONE;
        }
        return cache.get(key, CachedAccounts::tenantId, loader)
                .chain(found -> accounts.fresh(found.accounts).invoke(renewed -> settle(request, call, found, renewed)))
                .replaceWithVoid();
    }

    private static void settle(GatewayRequest request, GatewayCall call, CachedAccounts cached, UserAccounts fresh) {
        request.call(new GatewayCall(cached.settled(call.server(), call.userId(), fresh), call.userId(), call.actor()));
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

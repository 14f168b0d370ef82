package dev.switchboard.gateway.pipeline;

import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.SsoToken;
import dev.switchboard.gateway.TokenExchanger;
import dev.switchboard.gateway.UpstreamTarget;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The credential stage for TOKEN_EXCHANGE upstreams: each is called with a token the IdP issued for it, for the user
 * whose SSO token this request carries ({@link TokenExchanger}, which reuses a token while it is valid). Without an
 * SSO token (an API key acting for a user, a session's own token) there is nothing to exchange: the upstream is not
 * called and a call to it says why. The tenant's credentials are never a fallback, nor is the client's own token.
 */
@Singleton
public class ExchangedCredentials {

    private static final Logger LOG = Logger.getLogger(ExchangedCredentials.class);

    @Inject
    TokenExchanger exchanger;

    public Uni<Void> settle(GatewayRequest request) {
        GatewayCall call = request.call();
        if (call == null || noneExchanged(call.server().upstreams())) {
            return GatewayPipeline.DONE;
        }
        ResolvedServer server = call.server();
        List<Uni<UpstreamTarget>> upstreams = new ArrayList<>(server.upstreams().size());
        for (UpstreamTarget target : server.upstreams()) {
            upstreams.add(exchanged(target) ? settled(call, target, request.ssoToken()) : Uni.createFrom().item(target));
        }
        return Uni.join().all(upstreams).andFailFast()
                .invoke(settled -> request.call(new GatewayCall(new ResolvedServer(server.tenantId(), server.id(), server.name(),
                        server.allowedTools(), server.manageConnections(), server.prefixNames(), List.copyOf(settled)),
                        call.userId(), call.actor())))
                .replaceWithVoid();
    }

    private Uni<UpstreamTarget> settled(GatewayCall call, UpstreamTarget target, SsoToken token) {
        if (token == null) {
            return Uni.createFrom().item(target.withUnusable("Toolkit '" + target.slug() + "' is called with the user's own SSO "
                    + "identity (auth config '" + target.need().authConfigId() + "', TOKEN_EXCHANGE), and this request carries "
                    + "no SSO token to exchange (it was made with an API key or a session token): call it with the user's "
                    + "OIDC bearer token"));
        }
        return exchanger.exchange(call.server().tenantId(), call.userId(), target.need().authConfigId(), target.need().exchange(), token)
                .map(target::withCredential)
                .onFailure().recoverWithItem(failure -> target.withUnusable(refusal(target, failure)));
    }

    private static String refusal(UpstreamTarget target, Throwable failure) {
        String prefix = "Toolkit '" + target.slug() + "' could not get a token for the user from the IdP (auth config '"
                + target.need().authConfigId() + "', TOKEN_EXCHANGE): ";
        if (failure instanceof TokenExchanger.Refused refused) {
            return prefix + refused.getMessage();
        }
        LOG.warnf("Token exchange for toolkit %s failed: %s", target.slug(), failure.toString());
        return prefix + "the exchange failed; see the gateway's log";
    }

    private static boolean noneExchanged(List<UpstreamTarget> upstreams) {
        for (UpstreamTarget target : upstreams) {
            if (exchanged(target)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exchanged(UpstreamTarget target) {
        return target.need() != null && target.need().isExchange();
    }
}

package dev.switchboard.connection.exchange;

import dev.switchboard.authconfig.UpstreamCredential;
import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.AccountNeed;
import dev.switchboard.gateway.SsoToken;
import dev.switchboard.gateway.TokenExchanger;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * RFC 8693 token exchange at the company IdP: the user's SSO access token (the subject token) for an access token
 * whose audience is the upstream, asked by Switchboard's own client there (client_secret_basic). The HTTP call is
 * Vert.x's, so no event loop waits; the answer is kept ({@link ExchangedTokenCache}) and concurrent calls for one
 * key share one exchange. A refusal drops every token kept for the user: it is how a logout, an ended IdP session
 * or a disabled user shows here.
 */
@ApplicationScoped
public class IdpTokenExchange implements TokenExchanger {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private static final Logger LOG = Logger.getLogger(IdpTokenExchange.class);

    @Inject
    Vertx vertx;

    @Inject
    SwitchboardConfig config;

    private ExchangedTokenCache cache;
    private WebClient client;
    private final Map<String, Uni<ExchangedTokenCache.Entry>> inFlight = new ConcurrentHashMap<>();

    @PostConstruct
    void create() {
        SwitchboardConfig.TokenExchange settings = config.tokenExchange();
        cache = new ExchangedTokenCache(settings.cacheSize());
        client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setFollowRedirects(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    void evict(@Observes ConfigurationChanged changed) {
        cache.evictTenant(changed.tenantId());
    }

    @Override
    public Uni<UpstreamCredential> exchange(TenantId tenant, String userId, String authConfigId, AccountNeed.Exchange need,
            SsoToken token) {
        String key = ExchangedTokenCache.key(tenant.value(), userId, authConfigId);
        String kept = cache.find(key, token.sessionId(), Instant.now());
        if (kept != null) {
            return Uni.createFrom().item(bearer(kept));
        }
        Uni<ExchangedTokenCache.Entry> pending = inFlight.computeIfAbsent(key, k -> Uni.createFrom()
                .deferred(() -> {
                    long dropsBefore = cache.drops();
                    return request(need, token).invoke(entry -> cache.keep(k, entry, Instant.now(), dropsBefore));
                })
                .onFailure(RefusedByIdp.class).invoke(refused -> cache.evictUser(tenant.value(), userId))
                .onTermination().invoke(() -> inFlight.remove(k))
                .memoize().indefinitely());
        return pending.map(entry -> bearer(entry.token()));
    }

    private Uni<ExchangedTokenCache.Entry> request(AccountNeed.Exchange need, SsoToken token) {
        SwitchboardConfig.TokenExchange settings = config.tokenExchange();
        if (settings.clientId().isEmpty() || settings.clientSecret().isEmpty()) {
            throw new Refused("this Switchboard has no client to exchange tokens with at the IdP (the operator sets "
                    + "SWITCHBOARD_OIDC_EXCHANGE_CLIENT_SECRET)");
        }
        String tokenUrl = settings.tokenUrl().orElse(token.tokenEndpoint());
        if (tokenUrl == null) {
            throw new Refused("the IdP's token endpoint is not known (the operator sets SWITCHBOARD_OIDC_EXCHANGE_TOKEN_URL)");
        }
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", GRANT_TYPE)
                .add("subject_token", token.raw())
                .add("subject_token_type", ACCESS_TOKEN_TYPE)
                .add("requested_token_type", ACCESS_TOKEN_TYPE)
                .add("audience", need.audience());
        if (!need.scopes().isEmpty()) {
            form.add("scope", String.join(" ", need.scopes()));
        }
        Instant askedAt = Instant.now();
        return client.postAbs(tokenUrl)
                .timeout(settings.timeout().toMillis())
                // RFC 6749 §2.3.1: the id and secret are form-encoded before they go into Basic.
                .basicAuthentication(formEncoded(settings.clientId().get()), formEncoded(settings.clientSecret().get()))
                .putHeader("Accept", "application/json")
                .sendForm(form)
                .onFailure().transform(failure -> {
                    LOG.warnf("Token exchange at %s failed: %s", tokenUrl, failure.toString());
                    return new Refused("the IdP did not answer the exchange (" + failure.getClass().getSimpleName() + ")");
                })
                .map(response -> entry(response, token, askedAt, settings));
    }

    private static ExchangedTokenCache.Entry entry(HttpResponse<?> response, SsoToken token, Instant askedAt,
            SwitchboardConfig.TokenExchange settings) {
        JsonObject body = json(response);
        if (response.statusCode() != 200) {
            String refusal = TokenExchangeAnswers.refusal(response.statusCode(), body);
            LOG.infof("The IdP refused a token exchange: %s", refusal);
            throw new RefusedByIdp(refusal);
        }
        TokenExchangeAnswers.Issued issued = TokenExchangeAnswers.issued(body, askedAt);
        return new ExchangedTokenCache.Entry(issued.accessToken(), token.sessionId(),
                ExchangedTokenCache.usableUntil(issued.expiresAt(), token.expiresAt(), settings.expiryMargin()));
    }

    /** The IdP answered with a refusal (not a failure to reach it): it no longer accepts the user's token as it is. */
    static final class RefusedByIdp extends Refused {
        RefusedByIdp(String reason) {
            super(reason);
        }
    }

    private static JsonObject json(HttpResponse<?> response) {
        try {
            return response.bodyAsJsonObject();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static UpstreamCredential bearer(String token) {
        return new UpstreamCredential("Authorization", "Bearer " + token);
    }

    private static String formEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

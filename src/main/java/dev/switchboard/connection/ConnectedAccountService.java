package dev.switchboard.connection;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.AuthConfigRepository;
import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.HttpUrls;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.cache.ChangesConfiguration;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.connection.oauth.OAuth2State;
import dev.switchboard.connection.oauth.OAuthConnections;
import dev.switchboard.connection.oauth.TokenEndpoint;
import dev.switchboard.connection.rest.ConnectedAccountRequests;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Connected accounts: one user's own key or token for an auth config whose key belongs to each user. Every
 * change is announced ({@link ChangesConfiguration}) so the gateway, which caches each user's accounts for a few
 * seconds, sees it on every replica at once. {@code onlyUser} (an SSO member's own id) limits an operation to
 * that user's accounts; another user's account is not found.
 */
@ApplicationScoped
public class ConnectedAccountService {

    @Inject
    ConnectedAccountRepository accounts;

    @Inject
    AuthConfigRepository authConfigs;

    @Inject
    Secrets secrets;

    @Inject
    OAuthConnections oauth;

    @WithTransaction
    @ChangesConfiguration
    public Uni<ConnectedAccountEntity> create(TenantId tenant, String userId, String createdBy, ConnectedAccountRequests.Create body) {
        ConnectedAccountRequests.Connection connection = body.connection();
        if (connection.experimental() != null && "SHARED".equals(connection.experimental().accountType())) {
            throw ProblemException.invalid("connection.experimental.account_type",
                    "SHARED accounts are not supported: an account is one user's own");
        }
        String authConfigId = body.authConfig().id();
        return authConfigs.findById(tenant, authConfigId).chain(config -> {
            List<FieldError> errors = new ArrayList<>();
            String secret = null;
            TokenEndpoint.Tokens tokens = null;
            if (config == null) {
                errors.add(new FieldError("auth_config.id", "unknown auth config '" + authConfigId + "'"));
            } else if (!config.enabled) {
                errors.add(new FieldError("auth_config.id", "auth config '" + authConfigId + "' is disabled"));
            } else if (config.scheme() == AuthScheme.TOKEN_EXCHANGE) {
                errors.add(new FieldError("auth_config.id", "auth config '" + authConfigId + "' uses TOKEN_EXCHANGE: each call "
                        + "exchanges the user's own SSO token at the IdP, so its users need no connected account"));
            } else if (config.scheme() == AuthScheme.OAUTH2) {
                tokens = OAuth2State.read(connection.state(), errors);
                checkCallbackUrl(connection.callbackUrl(), "connection.callback_url", errors);
            } else if (config.isSharedCredential()) {
                errors.add(new FieldError("auth_config.id", "auth config '" + authConfigId
                        + "' holds a key every user's calls share: its users need no connected account"));
            } else {
                secret = ConnectionState.secretOf(config.scheme(), connection.state(), errors);
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            ConnectedAccountEntity account = new ConnectedAccountEntity();
            account.id = SecureIds.newId(ConnectedAccountEntity.ID_PREFIX);
            account.tenantId = tenant.value();
            account.authConfig = config;
            account.userId = userId;
            account.status = AccountStatus.ACTIVE.name();
            account.alias = connection.alias();
            account.createdBy = createdBy;
            account.createdAt = Timestamps.now();
            account.updatedAt = account.createdAt;
            if (secret != null) {
                seal(account, secret);
            }
            if (tokens != null) {
                seal(account, tokens.accessToken());
                account.tokenExpiresAt = tokens.expiresAt();
                if (tokens.refreshToken() != null) {
                    SecretCipher.Sealed sealed = secrets.require().seal(tokens.refreshToken(), account.refreshTokenBinding());
                    account.refreshTokenCiphertext = sealed.bytes();
                    account.refreshTokenKeyId = sealed.keyId();
                }
            }
            Uni<ConnectedAccountEntity> persisted = accounts.persist(tenant, account);
            if (config.scheme() == AuthScheme.OAUTH2 && tokens == null) {
                return persisted.call(created -> oauth.begin(tenant, created, connection.callbackUrl()));
            }
            return persisted;
        });
    }

    /**
     * {@code POST /connected_accounts/{id}/refresh}: an OAUTH2 account starts a new authorization (INITIATED, a new
     * redirect URL; its tokens are dropped), which is how an EXPIRED or FAILED account is reconnected. Accounts
     * with a user's key have nothing to authorize again: they are connected again with the key.
     */
    @WithTransaction
    @ChangesConfiguration
    public Uni<ConnectedAccountEntity> reauthorize(TenantId tenant, String id, String onlyUser, String callbackUrl) {
        List<FieldError> errors = new ArrayList<>();
        checkCallbackUrl(callbackUrl, "redirect_url", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return find(tenant, id, onlyUser).call(account -> {
            if (account.authConfig.scheme() != AuthScheme.OAUTH2) {
                throw ProblemException.invalid("id", "connected account '" + id + "' holds a user's " + account.authConfig.scheme()
                        + " key, which has no authorization to renew: connect it again with the key");
            }
            return oauth.begin(tenant, account, callbackUrl != null ? callbackUrl : account.callbackUrl);
        });
    }

    private void seal(ConnectedAccountEntity account, String secret) {
        SecretCipher.Sealed sealed = secrets.require().seal(secret, account.secretBinding());
        account.secretCiphertext = sealed.bytes();
        account.secretKeyId = sealed.keyId();
    }

    private static void checkCallbackUrl(String url, String field, List<FieldError> errors) {
        String problem = url == null ? null : HttpUrls.problemWith(url);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    @WithSession
    public Uni<Page<ConnectedAccountEntity>> list(TenantId tenant, ConnectedAccountFilter filter, String onlyUser, PageRequest page) {
        if (onlyUser != null) {
            if (!filter.userIds().isEmpty() && !filter.userIds().contains(onlyUser)) {
                return Uni.createFrom().item(Page.of(List.of(), page, 0));
            }
            filter = new ConnectedAccountFilter(List.of(onlyUser), filter.toolkitSlugs(), filter.authConfigIds(), filter.statuses(),
                    filter.accountIds(), filter.orderBy(), filter.ascending());
        }
        return accounts.page(tenant, filter, page);
    }

    @WithSession
    public Uni<ConnectedAccountEntity> get(TenantId tenant, String id, String onlyUser) {
        return find(tenant, id, onlyUser);
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<ConnectedAccountEntity> delete(TenantId tenant, String id, String onlyUser) {
        return find(tenant, id, onlyUser).call(account -> accounts.delete(tenant, account));
    }

    /** Disabled, an account is INACTIVE and used by no call; enabled again, it returns to the status it had. */
    @WithTransaction
    @ChangesConfiguration
    public Uni<ConnectedAccountEntity> setEnabled(TenantId tenant, String id, String onlyUser, boolean enabled) {
        return find(tenant, id, onlyUser).invoke(account -> {
            if (account.disabled == enabled) {
                account.disabled = !enabled;
                account.updatedAt = Timestamps.now();
            }
        });
    }

    private Uni<ConnectedAccountEntity> find(TenantId tenant, String id, String onlyUser) {
        return accounts.findById(tenant, id).map(account -> {
            if (account == null || onlyUser != null && !onlyUser.equals(account.userId)) {
                throw ProblemException.notFound("Connected account", id);
            }
            return account;
        });
    }
}

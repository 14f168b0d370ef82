package dev.switchboard.authconfig;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.authconfig.rest.AuthConfigRequests;
import dev.switchboard.authconfig.rest.AuthConfigRequests.ToolAccessConfig;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Timestamps;
import dev.switchboard.common.cache.ChangesConfiguration;
import dev.switchboard.common.paging.Page;
import dev.switchboard.common.paging.PageRequest;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ForeignKeys;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.tenancy.TenantId;
import dev.switchboard.toolkit.ToolkitRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Auth configs in the Composio SDK's shape. Every change is announced ({@link ChangesConfiguration}) so the
 * gateway drops what it cached: a disabled config stops being used at once.
 */
@ApplicationScoped
public class AuthConfigService {

    static final String USE_CUSTOM_AUTH = "use_custom_auth";
    static final String USE_COMPOSIO_MANAGED_AUTH = "use_composio_managed_auth";

    @Inject
    AuthConfigRepository authConfigs;

    @Inject
    ToolkitRepository toolkits;

    @Inject
    Secrets secrets;

    @Inject
    SwitchboardConfig platform;

    @WithTransaction
    public Uni<AuthConfigEntity> create(TenantId tenant, String createdBy, AuthConfigRequests.Create body) {
        AuthConfigRequests.AuthConfig given = body.authConfig();
        List<FieldError> errors = new ArrayList<>();
        AuthScheme scheme = available(schemeOf(given, errors), errors);
        CredentialFields credentials = scheme == null ? CredentialFields.NONE
                : CredentialFields.read(scheme, given.credentials(), "auth_config.credentials", errors);
        if (scheme != null && errors.isEmpty()) {
            errors.addAll(credentials.missingFor(scheme, "auth_config.credentials"));
        }
        if (given != null && isSet(given.proxyConfig())) {
            errors.add(new FieldError("auth_config.proxy_config", "is not supported: Switchboard calls toolkits directly"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return toolkits.findBySlug(tenant, body.toolkit().slug()).chain(toolkit -> {
            if (toolkit == null) {
                throw ProblemException.invalid("toolkit.slug", "unknown toolkit '" + body.toolkit().slug() + "'");
            }
            AuthConfigEntity config = new AuthConfigEntity();
            config.id = SecureIds.newId(AuthConfigEntity.ID_PREFIX);
            config.tenantId = tenant.value();
            config.toolkit = toolkit;
            config.name = given.name() != null ? given.name() : toolkit.name + " (" + scheme + ")";
            config.authScheme = scheme.name();
            config.enabledForToolRouter = Boolean.TRUE.equals(given.isEnabledForToolRouter());
            applyToolAccess(config, given.toolAccessConfig(), given.restrictToFollowingTools());
            config.createdBy = createdBy;
            config.createdAt = Timestamps.now();
            config.updatedAt = config.createdAt;
            apply(config, credentials);
            return authConfigs.persist(tenant, config);
        });
    }

    @WithSession
    public Uni<Page<AuthConfigEntity>> list(TenantId tenant, AuthConfigFilter filter, PageRequest page) {
        if (Boolean.TRUE.equals(filter.composioManaged())) {
            // Switchboard has no managed configs; the query would find none either.
            return Uni.createFrom().item(Page.of(List.of(), page, 0));
        }
        return authConfigs.page(tenant, filter, page);
    }

    @WithSession
    public Uni<AuthConfigEntity> get(TenantId tenant, String id) {
        return authConfigs.getById(tenant, id);
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<AuthConfigEntity> update(TenantId tenant, String id, AuthConfigRequests.Update body) {
        return authConfigs.getById(tenant, id).invoke(config -> {
            List<FieldError> errors = new ArrayList<>();
            if (body.type() != null && !body.type().equals(config.type)) {
                errors.add(new FieldError("type", "auth config '" + id + "' is of type " + config.type
                        + "; send \"type\": \"" + config.type + "\""));
            }
            if (body.scopes() != null) {
                errors.add(new FieldError("scopes", "is for managed (default) configs; set credentials.scopes instead"));
            }
            if (isSet(body.proxyConfig())) {
                errors.add(new FieldError("proxy_config", "is not supported: Switchboard calls toolkits directly"));
            }
            AuthScheme scheme = config.scheme();
            CredentialFields given = CredentialFields.read(scheme, body.credentials(), "credentials", errors);
            CredentialFields merged = given.over(stored(config));
            if (errors.isEmpty()) {
                errors.addAll(merged.missingFor(scheme, "credentials"));
            }
            if (!errors.isEmpty()) {
                throw ProblemException.invalid(errors);
            }
            apply(config, new CredentialFields(merged.headerName(), given.secret(), merged.clientId(),
                    merged.authorizationUrl(), merged.tokenUrl(), merged.scopes(), merged.audience(), merged.tokenEndpointAuthMethod()));
            if (body.name() != null) {
                config.name = body.name();
            }
            if (body.isEnabledForToolRouter() != null) {
                config.enabledForToolRouter = body.isEnabledForToolRouter();
            }
            applyToolAccess(config, body.toolAccessConfig(), body.restrictToFollowingTools());
            config.updatedAt = Timestamps.now();
        });
    }

    /** {@code PATCH /auth_configs/{id}/ENABLED|DISABLED}: a disabled config is used by no call and listed only on request. */
    @WithTransaction
    @ChangesConfiguration
    public Uni<AuthConfigEntity> setEnabled(TenantId tenant, String id, boolean enabled) {
        return authConfigs.getById(tenant, id).invoke(config -> {
            if (config.enabled != enabled) {
                config.enabled = enabled;
                config.updatedAt = Timestamps.now();
            }
        });
    }

    @WithTransaction
    @ChangesConfiguration
    public Uni<AuthConfigEntity> delete(TenantId tenant, String id) {
        Uni<AuthConfigEntity> delete = authConfigs.getById(tenant, id)
                .call(config -> authConfigs.delete(tenant, config))
                .call(authConfigs::flush);
        return ForeignKeys.stillReferenced(delete,
                () -> "Auth config '" + id + "' is pinned by MCP servers; unpin it from them first");
    }

    private static AuthScheme schemeOf(AuthConfigRequests.AuthConfig given, List<FieldError> errors) {
        if (given == null) {
            errors.add(new FieldError("auth_config", "is required: {\"type\": \"use_custom_auth\", \"authScheme\", \"credentials\"}"));
            return null;
        }
        if (USE_COMPOSIO_MANAGED_AUTH.equals(given.type())) {
            errors.add(new FieldError("auth_config.type", "use_composio_managed_auth needs an OAuth app the Switchboard operator "
                    + "configured for the toolkit, and there is none: use use_custom_auth with your own credentials"));
            return null;
        }
        if (!USE_CUSTOM_AUTH.equals(given.type())) {
            errors.add(new FieldError("auth_config.type", "must be use_custom_auth"));
            return null;
        }
        if (given.authScheme() == null) {
            errors.add(new FieldError("auth_config.authScheme", "is required: " + AuthScheme.SUPPORTED));
            return null;
        }
        AuthScheme scheme = AuthScheme.parse(given.authScheme()).orElse(null);
        if (scheme == null) {
            errors.add(new FieldError("auth_config.authScheme", "must be " + AuthScheme.SUPPORTED));
        }
        return scheme;
    }

    /** The scheme, if this install can serve it: TOKEN_EXCHANGE needs the platform's client at the IdP. */
    private AuthScheme available(AuthScheme scheme, List<FieldError> errors) {
        if (scheme == AuthScheme.TOKEN_EXCHANGE && platform.tokenExchange().clientSecret().isEmpty()) {
            errors.add(new FieldError("auth_config.authScheme", "TOKEN_EXCHANGE needs Switchboard's own client at the IdP to "
                    + "exchange users' tokens, and this install has none: the operator sets SWITCHBOARD_OIDC_EXCHANGE_CLIENT_SECRET"));
            return null;
        }
        return scheme;
    }

    /** The stored non-secret fields; the secret stays sealed (a merge keeps it unless a new one is given). */
    private static CredentialFields stored(AuthConfigEntity config) {
        return new CredentialFields(config.headerName, null, config.oauthClientId, config.oauthAuthorizationUrl,
                config.oauthTokenUrl, config.oauthScopes, config.tokenExchangeAudience, config.oauthTokenEndpointAuthMethod);
    }

    /** Sets the credential fields; a null secret keeps the stored one. */
    private void apply(AuthConfigEntity config, CredentialFields credentials) {
        AuthScheme scheme = config.scheme();
        config.headerName = scheme == AuthScheme.API_KEY
                ? (credentials.headerName() != null ? credentials.headerName() : CredentialFields.DEFAULT_API_KEY_HEADER)
                : null;
        config.oauthClientId = credentials.clientId();
        config.oauthAuthorizationUrl = credentials.authorizationUrl();
        config.oauthTokenUrl = credentials.tokenUrl();
        config.oauthScopes = scheme == AuthScheme.OAUTH2 || scheme == AuthScheme.TOKEN_EXCHANGE
                ? (credentials.scopes() == null ? List.of() : credentials.scopes()) : null;
        config.tokenExchangeAudience = credentials.audience();
        config.oauthTokenEndpointAuthMethod = scheme == AuthScheme.OAUTH2 ? credentials.tokenEndpointAuthMethod() : null;
        if (credentials.secret() != null) {
            SecretCipher.Sealed sealed = secrets.require().seal(credentials.secret(), config.secretBinding());
            config.secretCiphertext = sealed.bytes();
            config.secretKeyId = sealed.keyId();
        }
    }

    /** Keys left out stay as they are (the SDK's update always sends the object, often empty). */
    private static void applyToolAccess(AuthConfigEntity config, ToolAccessConfig access, List<String> restrictTo) {
        if (access != null && access.toolsAvailableForExecution() != null) {
            config.toolsAvailableForExecution = access.toolsAvailableForExecution();
        } else if (restrictTo != null) {
            config.toolsAvailableForExecution = restrictTo;
        }
        if (access != null && access.toolsForConnectedAccountCreation() != null) {
            config.toolsForConnectedAccountCreation = access.toolsForConnectedAccountCreation();
        }
    }

    private static boolean isSet(JsonNode node) {
        return node != null && !node.isNull();
    }
}

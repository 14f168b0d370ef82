package dev.switchboard.authconfig;

import dev.switchboard.tenancy.TenantOwnedEntity;
import dev.switchboard.toolkit.ToolkitEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * How to authenticate to one toolkit; the secret is only ever held sealed (see SecretCipher). For API_KEY and
 * BEARER_TOKEN the secret, when there is one, is the key every user's calls share; without one, each user
 * brings their own (a connected account). For OAUTH2 it is the client secret. TOKEN_EXCHANGE holds none: the
 * gateway exchanges each caller's SSO token with the platform's own client at the IdP.
 */
@Entity
@Table(name = "auth_config")
public class AuthConfigEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "ac";
    /** What Composio calls a config made with the caller's own credentials ({@code use_custom_auth}). */
    public static final String CUSTOM = "custom";

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "toolkit_id", nullable = false, updatable = false)
    public ToolkitEntity toolkit;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String type = CUSTOM;

    @Column(nullable = false)
    public boolean enabled = true;

    @Column(name = "auth_scheme", nullable = false)
    public String authScheme;

    @Column(name = "header_name")
    public String headerName;

    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;

    @Column(name = "secret_key_id")
    public String secretKeyId;

    @Column(name = "oauth_client_id")
    public String oauthClientId;

    @Column(name = "oauth_authorization_url")
    public String oauthAuthorizationUrl;

    @Column(name = "oauth_token_url")
    public String oauthTokenUrl;

    /** OAUTH2: {@code client_secret_post}, or null for HTTP Basic (client_secret_basic). */
    @Column(name = "oauth_token_endpoint_auth_method")
    public String oauthTokenEndpointAuthMethod;

    @Column(name = "oauth_scopes")
    @Convert(converter = NullableStringListConverter.class)
    public List<String> oauthScopes;

    /** TOKEN_EXCHANGE: the audience the exchanged token is for (the upstream's id at the IdP); its scopes are {@link #oauthScopes}. */
    @Column(name = "token_exchange_audience")
    public String tokenExchangeAudience;

    /** Null when not set (Composio leaves the key out then). */
    @Column(name = "tools_available_for_execution")
    @Convert(converter = NullableStringListConverter.class)
    public List<String> toolsAvailableForExecution;

    @Column(name = "tools_for_connected_account_creation")
    @Convert(converter = NullableStringListConverter.class)
    public List<String> toolsForConnectedAccountCreation;

    @Column(name = "enabled_for_tool_router", nullable = false)
    public boolean enabledForToolRouter;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public AuthScheme scheme() {
        return AuthScheme.of(authScheme);
    }

    public boolean hasSecret() {
        return secretCiphertext != null;
    }

    /** Whether every user's calls use this config's own key, so nobody needs a connected account. */
    public boolean isSharedCredential() {
        return scheme().sendsStoredSecret() && hasSecret();
    }

    /** What a sealed secret of this row is bound to: it opens for no other row or tenant. */
    public String secretBinding() {
        return secretBinding(tenantId, id);
    }

    public static String secretBinding(String tenantId, String authConfigId) {
        return tenantId + "/" + authConfigId;
    }
}

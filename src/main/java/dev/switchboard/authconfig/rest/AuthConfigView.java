package dev.switchboard.authconfig.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.authconfig.CredentialFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An auth config in the Composio SDK's shape. Secrets appear masked ({@link CredentialFields#MASK}), never as
 * they are. {@code is_shared_credential} is Switchboard's own: true when every user's calls use the config's
 * own key, false when each user connects an account of their own.
 */
public record AuthConfigView(String id, String name, String type, String status, long noOfConnections, ToolkitView toolkit,
        String authScheme, boolean isComposioManaged, boolean isEnabledForToolRouter, boolean isSharedCredential,
        Map<String, Object> credentials, List<ExpectedInputField> expectedInputFields, ToolAccessConfigView toolAccessConfig,
        Object proxyConfig, @JsonInclude(JsonInclude.Include.NON_NULL) String createdBy, Instant createdAt,
        Instant lastUpdatedAt) {

    /** The SDK requires a logo string; a toolkit without one answers "". */
    public record ToolkitView(String slug, String logo) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolAccessConfigView(List<String> toolsAvailableForExecution, List<String> toolsForConnectedAccountCreation) {
    }

    /** What a user supplies when connecting an account to this config. */
    public record ExpectedInputField(String name, String displayName, String type, String description, boolean required,
            boolean isSecret) {
    }

    /** The answer to create: the SDK reads {@code toolkit.slug} and {@code auth_config.id/auth_scheme/is_composio_managed}. */
    public record Created(ToolkitRef toolkit, AuthConfigView authConfig) {

        public record ToolkitRef(String slug) {
        }

        public static Created of(AuthConfigView view) {
            return new Created(new ToolkitRef(view.toolkit().slug()), view);
        }
    }

    public static AuthConfigView of(AuthConfigEntity a, long connections) {
        return new AuthConfigView(a.id, a.name, a.type, a.enabled ? "ENABLED" : "DISABLED", connections,
                new ToolkitView(a.toolkit.slug, a.toolkit.logoUrl == null ? "" : a.toolkit.logoUrl), a.authScheme, false,
                a.enabledForToolRouter, a.isSharedCredential(), credentials(a), expectedInputFields(a),
                new ToolAccessConfigView(a.toolsAvailableForExecution, a.toolsForConnectedAccountCreation), null, a.createdBy,
                a.createdAt, a.updatedAt);
    }

    private static Map<String, Object> credentials(AuthConfigEntity a) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        AuthScheme scheme = a.scheme();
        if (scheme == AuthScheme.API_KEY) {
            credentials.put("header_name", a.headerName);
        }
        if (scheme == AuthScheme.OAUTH2) {
            credentials.put("client_id", a.oauthClientId);
            credentials.put("authorization_url", a.oauthAuthorizationUrl);
            credentials.put("token_url", a.oauthTokenUrl);
            credentials.put("scopes", a.oauthScopes == null ? List.of() : a.oauthScopes);
            credentials.put("token_endpoint_auth_method", a.oauthTokenEndpointAuthMethod == null
                    ? CredentialFields.CLIENT_SECRET_BASIC : a.oauthTokenEndpointAuthMethod);
        }
        if (scheme == AuthScheme.TOKEN_EXCHANGE) {
            credentials.put("audience", a.tokenExchangeAudience);
            credentials.put("scopes", a.oauthScopes == null ? List.of() : a.oauthScopes);
        }
        if (a.hasSecret() && CredentialFields.secretKeyOf(scheme) != null) {
            credentials.put(CredentialFields.secretKeyOf(scheme), CredentialFields.MASK);
        }
        return credentials;
    }

    private static List<ExpectedInputField> expectedInputFields(AuthConfigEntity a) {
        if (a.isSharedCredential()) {
            return List.of();
        }
        return switch (a.scheme()) {
            case API_KEY -> List.of(new ExpectedInputField("api_key", "API key", "string",
                    "Your API key; it is sent in the " + a.headerName + " header", true, true));
            case BEARER_TOKEN -> List.of(new ExpectedInputField("token", "Bearer token", "string",
                    "Your token; it is sent as Authorization: Bearer", true, true));
            case NO_AUTH, OAUTH2, TOKEN_EXCHANGE -> List.of();
        };
    }
}

package dev.switchboard.gateway;

import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonString;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The SSO access token a user called with, kept for the request only, so that a TOKEN_EXCHANGE upstream can get a
 * token of its own for that user. It never goes upstream itself.
 *
 * @param sessionId     the IdP's login session the token belongs to ({@code sid}), or null when the IdP names none
 * @param tokenEndpoint the token endpoint of the IdP that issued it (its discovery document), or null if unknown
 */
public record SsoToken(String raw, String sessionId, Instant expiresAt, String tokenEndpoint) {

    /** The token Quarkus OIDC checked for this identity, or null when the caller is no OIDC user (an API key). */
    public static SsoToken of(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getRawToken() == null) {
            return null;
        }
        // Quarkus OIDC keeps the discovery document of the IdP that checked the token on the identity.
        OidcConfigurationMetadata metadata = identity.getAttribute(OidcUtils.CONFIG_METADATA_ATTRIBUTE);
        Object sid = jwt.getClaim("sid");
        String sessionId = sid instanceof JsonString json ? json.getString() : sid instanceof String text ? text : null;
        return new SsoToken(jwt.getRawToken(), sessionId, Instant.ofEpochSecond(jwt.getExpirationTime()),
                metadata == null ? null : metadata.getTokenUri());
    }

    @Override
    public String toString() {
        return "SsoToken[***, sessionId=" + sessionId + ", expiresAt=" + expiresAt + "]";
    }
}

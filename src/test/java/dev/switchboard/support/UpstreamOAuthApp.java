package dev.switchboard.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * "The upstream provider's OAuth app" for connected-account tests: a confidential client of the tests' Keycloak,
 * created by the tests through the admin API (so the example realm stays an example of a company's SSO), whose
 * redirect URI is Switchboard's callback on loopback and whose access tokens live {@link #LIFESPAN_SECONDS} seconds.
 * Its tokens carry the audience {@link #AUDIENCE}, the one the whoami upstream accepts.
 */
public final class UpstreamOAuthApp {

    public static final int LIFESPAN_SECONDS = 10;
    public static final String AUDIENCE = "whoami-api";
    public static final String CLIENT_SECRET = "upstream-app-secret";
    public static final String CALLBACK_PATH = "/api/v3/toolkits/auth/callback";

    /** Switchboard on a port known before it starts, so its public URL (and the callback registered at Keycloak) is real. */
    public static class Profile implements QuarkusTestProfile {
        static final int PORT = NodePeers.freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", String.valueOf(PORT),
                    "switchboard.public-url", publicUrl(),
                    "switchboard.connections.refresh-before-expiry", "PT3S");
        }
    }

    private UpstreamOAuthApp() {
    }

    /** Switchboard's public URL under {@link Profile}. */
    public static String publicUrl() {
        return "http://127.0.0.1:" + Profile.PORT;
    }

    /** The client id, the client created at Keycloak unless it exists. */
    public static String clientId(Keycloak keycloak) {
        return client(keycloak, "upstream-app-" + Profile.PORT, List.of(publicUrl()));
    }

    /** The client {@code clientId} at Keycloak unless it exists, redirecting to the callback of each Switchboard public URL. */
    public static String client(Keycloak keycloak, String clientId, List<String> publicUrls) {
        keycloak.ensure("/clients", Map.of("clientId", clientId, "publicClient", false, "secret", CLIENT_SECRET,
                "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
                "redirectUris", publicUrls.stream().map(url -> url + CALLBACK_PATH).toList(),
                "attributes", Map.of("access.token.lifespan", String.valueOf(LIFESPAN_SECONDS), "pkce.code.challenge.method", "S256"),
                "defaultClientScopes", List.of("basic", "profile"), "optionalClientScopes", List.of(),
                "protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", AUDIENCE, "access.token.claim", "true")))));
        return clientId;
    }

    public static String authorizationEndpoint(Keycloak keycloak) {
        return keycloak.issuer() + "/protocol/openid-connect/auth";
    }
}

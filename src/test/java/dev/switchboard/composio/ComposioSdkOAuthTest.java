package dev.switchboard.composio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.support.Keycloak;
import dev.switchboard.support.UpstreamOAuthApp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Composio SDK connects an OAuth2 account for real: {@code authConfigs.create} with OAUTH2 against the tests'
 * Keycloak, {@code connectedAccounts.initiate} → {@code redirectUrl} → bob logs in (played by the script as a browser)
 * → {@code waitForConnection} answers ACTIVE. Besides that, the whole SDK check runs as in {@link ComposioSdkTest}.
 */
@QuarkusTest
@TestProfile(UpstreamOAuthApp.Profile.class)
class ComposioSdkOAuthTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @Test
    void theSdkConnectsAnOAuth2AccountThroughTheProvidersLogin() throws Exception {
        Keycloak keycloak = Keycloak.shared();
        String app = new ObjectMapper().writeValueAsString(Map.of("client_id", UpstreamOAuthApp.clientId(keycloak),
                "client_secret", UpstreamOAuthApp.CLIENT_SECRET, "authorization_url", UpstreamOAuthApp.authorizationEndpoint(keycloak),
                "token_url", keycloak.tokenEndpoint(), "username", "bob", "password", "bob"));

        String output = ComposioSdkTest.runCheck(baseUrl, UpstreamOAuthApp.publicUrl(), Map.of("SWITCHBOARD_OAUTH_APP", app));

        assertTrue(output.contains("ok - connectedAccounts.initiate on OAUTH2, the user logs in at the provider, waitForConnection is ACTIVE"),
                output);
        assertTrue(output.contains("\"passed\":32"), "every SDK step must have run:\n" + output);
    }
}

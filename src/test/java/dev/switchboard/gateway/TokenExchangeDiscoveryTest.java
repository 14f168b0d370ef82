package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.support.Keycloak;
import dev.switchboard.support.KeycloakOidc;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.RawMcpClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A TOKEN_EXCHANGE auth config as an install configures it, with no token URL: the exchange goes to the token
 * endpoint of the discovery document of the IdP that checked the user's token (the real Keycloak), and the whoami
 * upstream sees the user. {@link TokenExchangeTest} covers the rest through a counting proxy.
 */
@QuarkusTest
@TestProfile(KeycloakOidc.Profile.class)
class TokenExchangeDiscoveryTest {

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    @Test
    void theTokenEndpointComesFromTheIdpsDiscoveryDocument() {
        KeycloakOidc.tenant("acme");
        String alice = KeycloakOidc.userToken("alice");
        String sub = Keycloak.claims(alice).path("sub").asText();
        try (NodePeers.Upstream whoami = NodePeers.whoamiUpstream("token-exchange-discovery-whoami", Keycloak.shared().issuer(),
                "crm-upstream")) {
            String slug = "crmd" + System.nanoTime() % 1_000_000;
            api(alice).body(Map.of("slug", slug, "name", "CRM", "mcp_url", whoami.mcpUrl())).post(ROOT + "/toolkits")
                    .then().statusCode(201);
            String config = api(alice).body(Map.of("toolkit", Map.of("slug", slug), "auth_config", Map.of("type", "use_custom_auth",
                            "authScheme", "TOKEN_EXCHANGE", "credentials", Map.of("audience", "crm-upstream"))))
                    .post(ROOT + "/auth_configs").then().statusCode(201).extract().path("auth_config.id");
            String server = api(alice).body(Map.of("name", "discovery-" + slug, "toolkits", List.of(slug),
                    "auth_config_ids", List.of(config))).post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");

            try (RawMcpClient client = new RawMcpClient(vertx, base, "/v3/mcp/" + server + "/mcp?user_id=" + sub, null).bearer(alice)) {
                client.initialize(new JsonObject());
                JsonObject result = client.post(RawMcpClient.toolCall(3, slug + "__whoami", null)).json().getJsonObject("result");
                assertFalse(result.getBoolean("isError", false), result.encode());
                JsonObject arrived = new JsonObject(result.getJsonArray("content").getJsonObject(0).getString("text"));
                assertEquals(sub, arrived.getString("sub"));
                assertEquals("crm-upstream", arrived.getString("aud"));
                assertEquals("switchboard", arrived.getString("azp"));
            }
        }
    }

    private static io.restassured.specification.RequestSpecification api(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }
}

package dev.switchboard.identity;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.support.Keycloak;
import dev.switchboard.support.KeycloakOidc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens issued by a real Keycloak, with the example realm, drive the management API by the realm's groups. */
@QuarkusTest
@TestProfile(KeycloakOidc.Profile.class)
class KeycloakSsoTest {

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String userToken(String username) {
        return KeycloakOidc.userToken(username);
    }

    @Test
    void realmUsersMapToTheirTenantAndRoles() {
        String acme = KeycloakOidc.tenant("acme");
        String alice = userToken("alice");
        assertEquals(Keycloak.shared().issuer(), Keycloak.claims(alice).path("iss").asText());
        as(alice).get(ROOT + "/me").then().statusCode(200)
                .body("kind", equalTo("user"))
                .body("user_id", equalTo(Keycloak.claims(alice).path("sub").asText()))
                .body("tenant_id", equalTo(acme))
                .body("roles", containsInAnyOrder("admin", "member"));
        as(userToken("bob")).get(ROOT + "/me").then().statusCode(200)
                .body("tenant_id", equalTo(acme))
                .body("roles", containsInAnyOrder("member"));
    }

    @Test
    void anAdminManagesAMemberReadsAndAnotherTenantSeesNothing() {
        KeycloakOidc.tenant("acme");
        KeycloakOidc.tenant("globex");
        String slug = "kc-" + System.nanoTime();
        as(userToken("alice")).body(Map.of("slug", slug, "name", "Realm test", "mcp_url", "http://127.0.0.1:9/mcp"))
                .post(ROOT + "/toolkits").then().statusCode(201);
        String bob = userToken("bob");
        as(bob).get(ROOT + "/toolkits/" + slug).then().statusCode(200);
        as(bob).body(Map.of("slug", slug + "-b", "name", "Not allowed", "mcp_url", "http://127.0.0.1:9/mcp"))
                .post(ROOT + "/toolkits").then().statusCode(403);
        as(userToken("carol")).get(ROOT + "/toolkits/" + slug).then().statusCode(404);
    }

    @Test
    void aServiceAccountManagesItsTenantWithTheClientCredentialsGrant() {
        String acme = KeycloakOidc.tenant("acme");
        String robot = Keycloak.shared().clientCredentialsToken(Keycloak.AUTOMATION_CLIENT, Keycloak.AUTOMATION_SECRET);
        as(robot).get(ROOT + "/me").then().statusCode(200)
                .body("kind", equalTo("user"))
                .body("tenant_id", equalTo(acme))
                .body("roles", containsInAnyOrder("admin", "member"));
        String slug = "robot-" + System.nanoTime();
        as(robot).body(Map.of("slug", slug, "name", "Robot's", "mcp_url", "http://127.0.0.1:9/mcp"))
                .post(ROOT + "/toolkits").then().statusCode(201);
        String server = as(robot).body(Map.of("name", slug, "toolkits", java.util.List.of(slug)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        // An admin, so it may hand out URLs for the tenant's users.
        as(robot).body(Map.of("mcp_server_id", server, "user_ids", java.util.List.of("someone@acme.example")))
                .post(ROOT + "/mcp/servers/generate").then().statusCode(200)
                .body("user_ids_url[0]", org.hamcrest.Matchers.endsWith("/mcp?user_id=someone%40acme.example"));
        as(userToken("bob")).get(ROOT + "/toolkits/" + slug).then().statusCode(200);
    }

    @Test
    void tokensNotForSwitchboardAreRefusedWithoutQuotingThem() {
        KeycloakOidc.tenant("acme");
        String otherAudience = KeycloakOidc.otherAudienceToken("bob");
        given().auth().oauth2(otherAudience).get(ROOT + "/toolkits")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(
                        Keycloak.claims(otherAudience).path("sub").asText())))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("other-service")));
        // Without the scope that carries the tenant, the token names no tenant: Switchboard says so.
        as(KeycloakOidc.tenantlessToken("bob")).get(ROOT + "/toolkits").then().statusCode(403)
                .body("detail", equalTo("The token has no 'tenant' claim naming a tenant"));
    }
}

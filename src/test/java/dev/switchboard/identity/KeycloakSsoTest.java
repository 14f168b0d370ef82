package dev.switchboard.identity;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.support.Keycloak;
import dev.switchboard.support.KeycloakOidc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens issued by a real Keycloak, with the example realm, drive the management API by the realm's groups. */
@QuarkusTest
@TestProfile(KeycloakSsoTest.WithKeycloak.class)
class KeycloakSsoTest {

    public static class WithKeycloak implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakOidc.class));
        }
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String userToken(String username) {
        return Keycloak.shared().passwordToken(Keycloak.CLI_CLIENT, username);
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
}

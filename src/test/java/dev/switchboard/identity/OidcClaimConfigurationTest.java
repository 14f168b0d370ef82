package dev.switchboard.identity;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.support.Api;
import dev.switchboard.support.LoopbackOidcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Claim names and role values are configuration; with auto-provisioning a new tenant is created on first use. */
@QuarkusTest
@TestProfile(OidcClaimConfigurationTest.CustomClaims.class)
class OidcClaimConfigurationTest {

    public static class CustomClaims implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.identity.user-id-claim", "email",
                    "switchboard.identity.tenant-claim", "org/name",
                    "switchboard.identity.roles-claims", "realm_access/roles",
                    "switchboard.identity.admin-role", "switchboard-admin",
                    "switchboard.identity.auto-provision-tenants", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LoopbackOidcServer.class));
        }
    }

    @Test
    void usesTheConfiguredClaimsAndProvisionsTheTenant() {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String token = LoopbackOidcServer.token(Map.of("sub", "opaque-123", "email", "dana@example.com",
                "org", Map.of("name", org), "realm_access", Map.of("roles", List.of("switchboard-admin", "admin"))));
        given().auth().oauth2(token).get(ROOT + "/me")
                .then().statusCode(200)
                .body("user_id", equalTo("dana@example.com"))
                .body("tenant_name", equalTo(org))
                .body("tenant_id", startsWith("ten_"))
                .body("roles", containsInAnyOrder("admin", "member"));
        Api.platform().get(ROOT + "/tenants/" + org).then().statusCode(200).body("status", equalTo("ACTIVE"));

        String groupsOnly = LoopbackOidcServer.token(Map.of("email", "eve@example.com", "org", Map.of("name", org),
                "groups", List.of("switchboard-admin")));
        given().auth().oauth2(groupsOnly).get(ROOT + "/me").then().body("roles", containsInAnyOrder("member"));
    }
}

package dev.switchboard.tenancy;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TenantResourceTest {

    @Test
    void platformAdminCreatesListsAndIssuesTheFirstKey() {
        String name = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        String id = Api.platform().body(Map.of("name", name, "display_name", "ACME Corp")).post(ROOT + "/tenants")
                .then().statusCode(201)
                .body("id", startsWith("ten_"))
                .body("status", equalTo("ACTIVE"))
                .body("display_name", equalTo("ACME Corp"))
                .extract().path("id");
        Api.platform().get(ROOT + "/tenants/" + name).then().statusCode(200).body("id", equalTo(id));
        Api.platform().queryParam("limit", 100).get(ROOT + "/tenants").then().statusCode(200);
        Api.platform().body(Map.of("name", name)).post(ROOT + "/tenants")
                .then().statusCode(409).body("errors[0].field", equalTo("name"));
        Api.platform().body(Map.of("name", "Not_Valid")).post(ROOT + "/tenants")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));

        String key = Api.platform().body(Map.of()).post(ROOT + "/tenants/" + id + "/api_keys")
                .then().statusCode(201)
                .body("role", equalTo("admin"))
                .body("key", startsWith("sbk_"))
                .extract().path("key");
        Api.as(key).get(ROOT + "/me").then().statusCode(200)
                .body("tenant_name", equalTo(name))
                .body("kind", equalTo("api_key"))
                .body("roles", hasItem("admin"));
    }

    @Test
    void onlyPlatformAdminsManageTenants() {
        TestTenant tenant = Api.newTenant();
        tenant.api().get(ROOT + "/tenants").then().statusCode(403);
        tenant.api().body(Map.of("name", "sneaky")).post(ROOT + "/tenants").then().statusCode(403);
    }

    @Test
    void aDisabledTenantIsRefusedUntilEnabledAgain() {
        TestTenant tenant = Api.newTenant();
        tenant.api().get(ROOT + "/toolkits").then().statusCode(200);
        Api.platform().body(Map.of("status", "disabled")).patch(ROOT + "/tenants/" + tenant.id())
                .then().statusCode(200).body("status", equalTo("DISABLED"));
        tenant.api().get(ROOT + "/toolkits").then().statusCode(403)
                .body("message", equalTo("Tenant '" + tenant.name() + "' is disabled"));
        Api.platform().body(Map.of("status", "ACTIVE")).patch(ROOT + "/tenants/" + tenant.id()).then().statusCode(200);
        tenant.api().get(ROOT + "/toolkits").then().statusCode(200);
    }

    @Test
    void theBootstrapKeyBelongsToItsTenantAndIsPlatformAdmin() {
        Api.platform().get(ROOT + "/me").then().statusCode(200)
                .body("tenant_name", equalTo("bootstrap"))
                .body("roles", hasItem("platform-admin"))
                .body("roles", hasItem("admin"));
    }

    @Test
    void aKeyCreatedWithoutARoleIsAMemberKey() {
        TestTenant tenant = Api.newTenant();
        String key = tenant.api().body(Map.of("name", "no role given")).post(ROOT + "/api_keys")
                .then().statusCode(201).body("role", equalTo("member")).extract().path("key");
        Api.as(key).get(ROOT + "/me").then().statusCode(200).body("roles", not(hasItem("admin")));
        Api.as(key).body(Map.of("name", "escalated")).post(ROOT + "/api_keys").then().statusCode(403);
    }

    @Test
    void apiKeysAreListedAndRevoked() {
        TestTenant tenant = Api.newTenant();
        String created = tenant.api().body(Map.of("name", "ci", "role", "member")).post(ROOT + "/api_keys")
                .then().statusCode(201).body("key", startsWith("sbk_")).body("role", equalTo("member"))
                .extract().path("key");
        String id = Api.as(created).get(ROOT + "/me").then().statusCode(200).extract().path("subject");
        String keyId = id.substring("api_key:".length());
        tenant.api().get(ROOT + "/api_keys").then().statusCode(200).body("items.id", hasItem(keyId))
                .body("items.find { it.id == '" + keyId + "' }.key", equalTo(null));
        tenant.api().body(Map.of("name", "bad", "role", "owner")).post(ROOT + "/api_keys")
                .then().statusCode(400).body("errors[0].field", equalTo("role"));
        tenant.api().delete(ROOT + "/api_keys/" + keyId).then().statusCode(200).body("status", equalTo("REVOKED"));
        Api.as(created).get(ROOT + "/me").then().statusCode(401).body("message", equalTo("The API key has been revoked"));
    }
}

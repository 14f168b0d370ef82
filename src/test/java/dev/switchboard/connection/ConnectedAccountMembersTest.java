package dev.switchboard.connection;

import static dev.switchboard.connection.ConnectedAccountResourceTest.apiKey;
import static dev.switchboard.connection.ConnectedAccountResourceTest.connect;
import static dev.switchboard.connection.ConnectedAccountResourceTest.initiate;
import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.LoopbackOidcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An SSO member manages only their own connected accounts; an SSO admin, like an API key, any of the tenant. */
@QuarkusTest
@TestProfile(ConnectedAccountMembersTest.WithOidc.class)
class ConnectedAccountMembersTest {

    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LoopbackOidcServer.class));
        }
    }

    private static RequestSpecification as(TestTenant tenant, String user, String group) {
        String token = LoopbackOidcServer.token(Map.of("sub", user, "tenant", tenant.name(), "groups", Set.of(group)));
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void aMemberSeesAndChangesOnlyTheirOwnAccounts() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        String config = tenant.authConfig("crm", "API_KEY", Map.of());
        String bobs = connect(tenant, config, "bob", apiKey("bob-key"));

        // Alice connects for herself, naming herself or nobody; not for bob.
        String alices = as(tenant, "alice", "member").body(initiate(config, null, apiKey("alice-key")))
                .post(ROOT + "/connected_accounts").then().statusCode(201).extract().path("id");
        as(tenant, "alice", "member").get(ROOT + "/connected_accounts/" + alices).then().statusCode(200)
                .body("user_id", equalTo("alice"));
        as(tenant, "alice", "member").body(initiate(config, "bob", apiKey("k"))).post(ROOT + "/connected_accounts")
                .then().statusCode(403);

        as(tenant, "alice", "member").get(ROOT + "/connected_accounts").then().body("items.id", contains(alices));
        as(tenant, "alice", "member").queryParam("user_ids", "bob").get(ROOT + "/connected_accounts").then().body("items", empty());
        as(tenant, "alice", "member").get(ROOT + "/connected_accounts/" + bobs).then().statusCode(404);
        as(tenant, "alice", "member").body(Map.of("enabled", false)).patch(ROOT + "/connected_accounts/" + bobs + "/status")
                .then().statusCode(404);
        as(tenant, "alice", "member").delete(ROOT + "/connected_accounts/" + bobs).then().statusCode(404);
        tenant.api().get(ROOT + "/connected_accounts/" + bobs).then().statusCode(200).body("status", equalTo("ACTIVE"));

        as(tenant, "alice", "member").body(Map.of("enabled", false)).patch(ROOT + "/connected_accounts/" + alices + "/status")
                .then().statusCode(200);
        as(tenant, "alice", "member").delete(ROOT + "/connected_accounts/" + alices).then().statusCode(200);

        as(tenant, "root", "admin").get(ROOT + "/connected_accounts").then().body("items.id", containsInAnyOrder(bobs));
        as(tenant, "root", "admin").body(Map.of("enabled", false)).patch(ROOT + "/connected_accounts/" + bobs + "/status")
                .then().statusCode(200);
    }
}

package dev.switchboard.tenancy;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Another tenant's ids answer 404 on every verb (never 403), and lists never show its rows. */
@QuarkusTest
class TenantIsolationTest {

    @Test
    void anotherTenantsRowsAreInvisibleOnEveryVerb() {
        TestTenant a = Api.newTenant();
        TestTenant b = Api.newTenant();
        a.toolkit("github");
        String authConfig = a.authConfig("github", "BEARER_TOKEN", Map.of("token", "x"));
        String server = a.api().body(Map.of("name", "secret plans", "toolkits", List.of("github"), "auth_config_ids", List.of(authConfig)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        String session = a.api().body(Map.of("user_id", "alice")).post(ROOT + "/tool_router/session")
                .then().statusCode(201).extract().path("session_id");
        String key = a.api().body(Map.of("name", "k")).post(ROOT + "/api_keys").then().statusCode(201).extract().path("id");

        b.api().get(ROOT + "/toolkits/github").then().statusCode(404);
        b.api().body(Map.of("name", "x")).patch(ROOT + "/toolkits/github").then().statusCode(404);
        b.api().delete(ROOT + "/toolkits/github").then().statusCode(404);

        b.api().get(ROOT + "/auth_configs/" + authConfig).then().statusCode(404);
        b.api().body(Map.of("name", "x")).patch(ROOT + "/auth_configs/" + authConfig).then().statusCode(404);
        b.api().patch(ROOT + "/auth_configs/" + authConfig + "/DISABLED").then().statusCode(404);
        b.api().delete(ROOT + "/auth_configs/" + authConfig).then().statusCode(404);

        b.api().get(ROOT + "/mcp/" + server).then().statusCode(404);
        b.api().body(Map.of("name", "mine now")).patch(ROOT + "/mcp/" + server).then().statusCode(404);
        b.api().delete(ROOT + "/mcp/" + server).then().statusCode(404);
        b.api().body(Map.of("mcp_server_id", server, "user_ids", List.of("eve"))).post(ROOT + "/mcp/servers/generate")
                .then().statusCode(404);

        b.api().get(ROOT + "/tool_router/session/" + session).then().statusCode(404);
        b.api().delete(ROOT + "/tool_router/session/" + session).then().statusCode(404);

        b.api().get(ROOT + "/api_keys/" + key).then().statusCode(404);
        b.api().delete(ROOT + "/api_keys/" + key).then().statusCode(404);

        b.api().get(ROOT + "/mcp/servers").then().body("total_items", equalTo(0));
        b.api().queryParam("toolkits", "github").get(ROOT + "/mcp/servers").then().body("total_items", equalTo(0));
        b.api().queryParam("name", "secret").get(ROOT + "/mcp/servers").then().body("total_items", equalTo(0));
        b.api().get(ROOT + "/toolkits").then().body("total_items", equalTo(0));
        b.api().get(ROOT + "/auth_configs").then().body("total_items", equalTo(0));
        b.api().get(ROOT + "/api_keys").then().body("items.id", not(hasItem(key)));

        b.toolkit("github");
        b.api().body(Map.of("name", "borrow", "toolkits", List.of("github"), "auth_config_ids", List.of(authConfig)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(400)
                .body("errors[0].field", equalTo("auth_config_ids[0]"));
        b.api().body(Map.of("name", "secret plans", "toolkits", List.of("github")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201);

        a.api().get(ROOT + "/mcp/" + server).then().statusCode(200).body("name", equalTo("secret plans"));
        a.api().get(ROOT + "/toolkits/github").then().statusCode(200);
    }
}

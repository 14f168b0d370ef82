package dev.switchboard.toolrouter;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session's toolkits with the user's connections, and links started for the session's user. */
@QuarkusTest
class SessionConnectionsTest {

    @Test
    void toolkitsAnswerEachConnectionAndLinksGoThroughTheRightConfig() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("crm");
        tenant.toolkit("wiki");
        tenant.toolkit("mail");
        String crm = tenant.authConfig("crm", "API_KEY", Map.of());
        tenant.authConfig("wiki", "API_KEY", Map.of("api_key", "shared"));
        String mailPinned = tenant.authConfig("mail", "BEARER_TOKEN", Map.of());
        String session = tenant.api().body(Map.of("user_id", "ivy", "toolkits", Map.of("enable", List.of("crm", "wiki", "mail")),
                        "auth_configs", Map.of("mail", mailPinned),
                        "manage_connections", Map.of("enable", true, "callback_url", "https://app.example.com/back")))
                .post(ROOT + "/tool_router/session").then().statusCode(201).extract().path("session_id");

        tenant.api().get(ROOT + "/tool_router/session/" + session + "/toolkits").then().statusCode(200)
                .body("items.slug", contains("crm", "mail", "wiki"))
                .body("items.is_no_auth", contains(false, false, true))
                .body("items[0].connected_account", nullValue())
                .body("next_cursor", nullValue()).body("total_pages", equalTo(1));

        String linked = tenant.api().body(Map.of("toolkit", "mail")).post(ROOT + "/tool_router/session/" + session + "/link")
                .then().statusCode(201).body("redirect_url", startsWith("http://localhost:8080/link/lt_"))
                .extract().path("connected_account_id");
        tenant.api().get(ROOT + "/connected_accounts/" + linked).then().body("auth_config.id", equalTo(mailPinned))
                .body("user_id", equalTo("ivy")).body("status", equalTo("INITIATED"));
        tenant.api().queryParam("toolkits", "mail").get(ROOT + "/tool_router/session/" + session + "/toolkits").then()
                .body("items[0].connected_account.id", equalTo(linked))
                .body("items[0].connected_account.status", equalTo("INITIATED"))
                .body("items[0].connected_account.auth_config.auth_scheme", equalTo("BEARER_TOKEN"));
        tenant.api().body(Map.of("toolkit", "crm")).post(ROOT + "/tool_router/session/" + session + "/link").then().statusCode(201);
        tenant.api().queryParam("is_connected", "false").queryParam("limit", "1")
                .get(ROOT + "/tool_router/session/" + session + "/toolkits").then()
                .body("items.slug", contains("crm")).body("total_pages", equalTo(3));
        tenant.api().queryParam("search", "WI").get(ROOT + "/tool_router/session/" + session + "/toolkits").then()
                .body("items.slug", contains("wiki"));

        tenant.api().body(Map.of("toolkit", "wiki")).post(ROOT + "/tool_router/session/" + session + "/link").then().statusCode(400)
                .body("errors[0].field", equalTo("toolkit")).body("errors[0].message", containsString("nothing to connect"));
        String narrow = tenant.api().body(Map.of("user_id", "ivy", "toolkits", Map.of("enable", List.of("wiki"))))
                .post(ROOT + "/tool_router/session").then().statusCode(201).extract().path("session_id");
        tenant.api().body(Map.of("toolkit", "crm")).post(ROOT + "/tool_router/session/" + narrow + "/link").then().statusCode(400)
                .body("errors[0].message", containsString("not one of the session's toolkits"));
        tenant.api().body(Map.of()).post(ROOT + "/tool_router/session/" + session + "/link").then().statusCode(400)
                .body("errors[0].field", equalTo("toolkit"));
        Api.newTenant().api().body(Map.of("toolkit", "crm")).post(ROOT + "/tool_router/session/" + session + "/link").then()
                .statusCode(404);
    }
}

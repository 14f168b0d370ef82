package dev.switchboard.toolrouter;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ToolRouterSessionResourceTest {

    @Inject
    Pool pool;

    @Test
    void createsASessionAsTheComposioSdkDoes() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String id = tenant.api().body(Map.of("user_id", "user-1", "toolkits", Map.of("enable", List.of("github")),
                        "manage_connections", Map.of("enable", true), "workbench", Map.of("enable", false),
                        "tags", Map.of("enable", List.of("readOnlyHint"))))
                .post(ROOT + "/tool_router/session")
                .then().statusCode(201)
                .body("session_id", startsWith("trs_"))
                .body("mcp.type", equalTo("http"))
                .body("mcp.url", startsWith("http://localhost:8080/tool_router/trs_"))
                .body("mcp.headers.Authorization", startsWith("Bearer sbs_"))
                .body("tool_router_tools", contains("switchboard_connections_list", "switchboard_connections_start", "switchboard_connections_wait"))
                .body("config.user_id", equalTo("user-1"))
                .body("config.toolkits.enable", contains("github"))
                .body("config.workbench.enable", equalTo(false))
                .body("config_version", equalTo(1))
                .body("expires_at", notNullValue())
                .extract().path("session_id");

        tenant.api().get(ROOT + "/tool_router/session/" + id)
                .then().statusCode(200)
                .body("session_id", equalTo(id))
                .body("mcp.url", equalTo("http://localhost:8080/tool_router/" + id + "/mcp"))
                .body("mcp.headers", nullValue())
                .body("config.manage_connections.enable", equalTo(true));
    }

    @Test
    void defaultsConnectionManagementOnAndHonoursOff() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("user_id", "u")).post(ROOT + "/tool_router/session")
                .then().statusCode(201).body("config.manage_connections.enable", equalTo(true));
        tenant.api().body(Map.of("user_id", "u", "manage_connections", Map.of("enable", false)))
                .post(ROOT + "/tool_router/session")
                .then().statusCode(201).body("tool_router_tools", empty());
    }

    @Test
    void rejectsBadSessionRequestsNamingTheField() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.api().body(Map.of("toolkits", Map.of("enable", List.of("github"))))
                .post(ROOT + "/tool_router/session").then().statusCode(400).body("errors[0].field", equalTo("user_id"));
        tenant.api().body(Map.of("user_id", "u", "toolkits", Map.of("enable", List.of("github", "ghost"))))
                .post(ROOT + "/tool_router/session").then().statusCode(400)
                .body("errors[0].field", equalTo("toolkits.enable[1]"));
        tenant.api().body(Map.of("user_id", "u", "toolkits", Map.of("enable", List.of("github"), "disable", List.of("x"))))
                .post(ROOT + "/tool_router/session").then().statusCode(400).body("errors[0].field", equalTo("toolkits"));
        tenant.api().body(Map.of("user_id", "u", "tags", List.of("a")))
                .post(ROOT + "/tool_router/session").then().statusCode(400).body("errors[0].field", equalTo("tags"));
        tenant.api().body(Map.of("user_id", "u", "auth_configs", Map.of("github", "ac_missing")))
                .post(ROOT + "/tool_router/session").then().statusCode(400).body("errors[0].field", equalTo("auth_configs.github"));
        tenant.api().body(Map.of("user_id", 12, "toolkits", "github"))
                .post(ROOT + "/tool_router/session").then().statusCode(400).body("errors[0].field", equalTo("toolkits"));
        tenant.api().body("[1,2]").post(ROOT + "/tool_router/session").then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void expiredSessionsAnswerGone() {
        TestTenant tenant = Api.newTenant();
        String id = tenant.api().body(Map.of("user_id", "u")).post(ROOT + "/tool_router/session")
                .then().statusCode(201).extract().path("session_id");
        pool.preparedQuery("update tool_router_session set expires_at = now() - interval '1 minute' where id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));
        tenant.api().get(ROOT + "/tool_router/session/" + id).then().statusCode(410)
                .body("message", startsWith("Session '" + id + "' expired at"));
    }

    @Test
    void endsASession() {
        TestTenant tenant = Api.newTenant();
        String id = tenant.api().body(Map.of("user_id", "u")).post(ROOT + "/tool_router/session")
                .then().statusCode(201).extract().path("session_id");
        tenant.api().delete(ROOT + "/tool_router/session/" + id).then().statusCode(200).body("deleted", equalTo(true));
        tenant.api().get(ROOT + "/tool_router/session/" + id).then().statusCode(404);
    }
}

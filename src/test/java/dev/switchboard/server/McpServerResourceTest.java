package dev.switchboard.server;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class McpServerResourceTest {

    private static String authConfig(TestTenant tenant, String toolkit) {
        return tenant.authConfig(toolkit, "BEARER_TOKEN", Map.of("token", "t-" + toolkit));
    }

    private static String createServer(TestTenant tenant, String name, List<String> toolkits) {
        return tenant.api().body(Map.of("name", name, "toolkits", toolkits, "auth_config_ids", List.of(), "allowed_tools", List.of()))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
    }

    @Test
    void createsACustomServerWithEveryField() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.toolkit("slack");
        tenant.api().body(Map.of("slug", "logo", "name", "Logo", "mcp_url", "http://127.0.0.1:9/mcp",
                "logo_url", "https://cdn.example.com/logo.png")).post(ROOT + "/toolkits").then().statusCode(201);
        String slackAuth = authConfig(tenant, "slack");

        tenant.api().body(Map.of("name", "Engineering Tools", "toolkits", List.of("github", "slack", "logo"),
                        "auth_config_ids", List.of(slackAuth), "allowed_tools", List.of("github__create_issue", "echo"),
                        "managed_auth_via_composio", false))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(201)
                .body("id", startsWith("mcp_"))
                .body("name", equalTo("Engineering Tools"))
                .body("toolkits", contains("github", "slack", "logo"))
                .body("auth_config_ids", contains(slackAuth))
                .body("allowed_tools", contains("github__create_issue", "echo"))
                .body("managed_auth_via_composio", equalTo(false))
                .body("mcp_url", startsWith("http://localhost:8080/v3/mcp/mcp_"))
                .body("commands.claude", startsWith("claude mcp add --transport http engineering-tools 'http://localhost:8080/v3/mcp/"))
                .body("commands.cursor", startsWith("cursor://anysphere.cursor-deeplink/mcp/install?name=engineering-tools&config="))
                .body("commands.windsurf", containsString("\"serverUrl\":\"http://localhost:8080/v3/mcp/"))
                // No SSO in this profile: the client must send a key, and the command says where it goes.
                .body("commands.claude", org.hamcrest.Matchers.endsWith("/mcp' --header 'x-api-key: <YOUR_API_KEY>'"))
                .body("commands.windsurf", containsString("\"headers\":{\"x-api-key\":\"<YOUR_API_KEY>\"}"))
                .body("toolkit_icons.logo", equalTo("https://cdn.example.com/logo.png"))
                .body("server_instance_count", equalTo(0))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .body("deleted", equalTo(false));
    }

    @Test
    void createsAServerFromAuthConfigsAndNoAuthApps() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.toolkit("weather");
        String githubAuth = authConfig(tenant, "github");
        tenant.api().body(Map.of("name", "plain", "auth_config_ids", List.of(githubAuth), "no_auth_apps", List.of("weather")))
                .post(ROOT + "/mcp/servers")
                .then().statusCode(201)
                .body("toolkits", contains("weather", "github"))
                .body("auth_config_ids", contains(githubAuth))
                .body("managed_auth_via_composio", equalTo(true));
    }

    @Test
    void rejectsUnknownToolkitsAndAuthConfigsNamingThem() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.api().body(Map.of("name", "bad", "toolkits", List.of("github", "nope"), "auth_config_ids", List.of("ac_missing")))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400)
                .header("x-should-retry", "false")
                .body("errors.field", contains("toolkits[1]", "auth_config_ids[0]"))
                .body("errors.message", contains("unknown toolkit 'nope'", "unknown auth config 'ac_missing'"));
        tenant.api().body(Map.of("name", "empty", "toolkits", List.of()))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400).body("errors[0].field", equalTo("toolkits"));
        tenant.api().get(ROOT + "/mcp/servers").then().body("items", empty());
    }

    @Test
    void refusesTwoAuthConfigsForOneToolkitAndDuplicateNames() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String first = authConfig(tenant, "github");
        String second = authConfig(tenant, "github");
        tenant.api().body(Map.of("name", "x", "toolkits", List.of("github"), "auth_config_ids", List.of(first, second)))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400).body("errors[0].field", equalTo("auth_config_ids[1]"));
        createServer(tenant, "Unique Name", List.of("github"));
        tenant.api().body(Map.of("name", "unique name", "toolkits", List.of("github")))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(409)
                .header("x-should-retry", "false")
                .body("errors[0].field", equalTo("name"))
                .body("message", equalTo("An MCP server named 'Unique Name' already exists"));
    }

    @Test
    void listsWithPagingFiltersAndOrdering() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.toolkit("slack");
        String slackAuth = authConfig(tenant, "slack");
        createServer(tenant, "alpha github", List.of("github"));
        createServer(tenant, "beta slack", List.of("slack"));
        tenant.api().body(Map.of("name", "gamma both", "toolkits", List.of("github", "slack"), "auth_config_ids", List.of(slackAuth)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201);

        tenant.api().queryParam("page_no", 1).queryParam("limit", 2).get(ROOT + "/mcp/servers")
                .then().statusCode(200)
                .body("items.name", contains("gamma both", "beta slack"))
                .body("current_page", equalTo(1))
                .body("total_pages", equalTo(2));
        tenant.api().queryParam("page_no", 2).queryParam("limit", 2).get(ROOT + "/mcp/servers")
                .then().body("items.name", contains("alpha github")).body("current_page", equalTo(2));
        tenant.api().queryParam("order_by", "created_at").queryParam("order_direction", "asc").get(ROOT + "/mcp/servers")
                .then().body("items.name", contains("alpha github", "beta slack", "gamma both"));
        tenant.api().queryParam("toolkits", "github").get(ROOT + "/mcp/servers")
                .then().body("items.name", contains("gamma both", "alpha github"));
        tenant.api().queryParam("toolkits", "slack,github").get(ROOT + "/mcp/servers")
                .then().body("items", hasSize(3));
        tenant.api().queryParam("auth_config_ids", slackAuth).get(ROOT + "/mcp/servers")
                .then().body("items.name", contains("gamma both"));
        tenant.api().queryParam("name", "ETA SL").get(ROOT + "/mcp/servers")
                .then().body("items.name", contains("beta slack"));
        tenant.api().queryParam("name", "%").get(ROOT + "/mcp/servers").then().body("items", empty());
    }

    @Test
    void updatesWithPatchSemantics() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.toolkit("slack");
        String githubAuth = authConfig(tenant, "github");
        String id = tenant.api().body(Map.of("name", "before", "toolkits", List.of("github"), "auth_config_ids", List.of(githubAuth),
                        "allowed_tools", List.of("a")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");

        tenant.api().body(Map.of("name", "after")).patch(ROOT + "/mcp/" + id)
                .then().statusCode(200)
                .body("name", equalTo("after"))
                .body("toolkits", contains("github"))
                .body("auth_config_ids", contains(githubAuth))
                .body("allowed_tools", contains("a"));
        tenant.api().body(Map.of("toolkits", List.of("github", "slack"))).patch(ROOT + "/mcp/" + id)
                .then().statusCode(200)
                .body("toolkits", contains("github", "slack"))
                .body("auth_config_ids", contains(githubAuth));
        tenant.api().body(Map.of("toolkits", List.of("slack"), "auth_config_ids", List.of(), "allowed_tools", List.of(),
                        "managed_auth_via_composio", false))
                .patch(ROOT + "/mcp/" + id)
                .then().statusCode(200)
                .body("toolkits", contains("slack"))
                .body("auth_config_ids", empty())
                .body("allowed_tools", empty())
                .body("managed_auth_via_composio", equalTo(false));
        tenant.api().body(Map.of("toolkits", List.of("ghost"))).patch(ROOT + "/mcp/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("toolkits[0]"));
        tenant.api().get(ROOT + "/mcp/" + id).then().body("toolkits", contains("slack"));
    }

    @Test
    void generatesPerUserUrlsInRequestOrderAndCountsInstances() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String id = createServer(tenant, "gen", List.of("github"));
        List<String> urls = tenant.api().body(Map.of("mcp_server_id", id, "user_ids", List.of("zoe@example.com", "al", "zoe@example.com"),
                        "managed_auth_by_composio", true))
                .post(ROOT + "/mcp/servers/generate")
                .then().statusCode(200)
                .body("mcp_url", equalTo("http://localhost:8080/v3/mcp/" + id))
                .body("connected_account_urls", empty())
                .body("user_ids_commands", hasSize(3))
                .extract().path("user_ids_url");
        assertEquals(List.of(
                "http://localhost:8080/v3/mcp/" + id + "/mcp?user_id=zoe%40example.com",
                "http://localhost:8080/v3/mcp/" + id + "/mcp?user_id=al",
                "http://localhost:8080/v3/mcp/" + id + "/mcp?user_id=zoe%40example.com"), urls);
        tenant.api().get(ROOT + "/mcp/" + id).then().body("server_instance_count", equalTo(2));
        tenant.api().body(Map.of("mcp_server_id", id, "user_ids", List.of("al", "bo"), "managed_auth_by_composio", false))
                .post(ROOT + "/mcp/servers/generate")
                .then().statusCode(200)
                .body("user_ids_url[0]", equalTo("http://localhost:8080/v3/mcp/" + id + "/mcp?user_id=al&manage_connections=false"));
        tenant.api().get(ROOT + "/mcp/servers").then().body("items[0].server_instance_count", equalTo(3));

        tenant.api().body(Map.of("mcp_server_id", "mcp_nope", "user_ids", List.of("a")))
                .post(ROOT + "/mcp/servers/generate").then().statusCode(404);
        tenant.api().body(Map.of("mcp_server_id", id, "user_ids", List.of()))
                .post(ROOT + "/mcp/servers/generate").then().statusCode(400).body("errors[0].field", equalTo("user_ids"));
        tenant.api().body(Map.of("mcp_server_id", id, "user_ids", List.of("a"), "connected_account_ids", List.of("ca_x")))
                .post(ROOT + "/mcp/servers/generate").then().statusCode(400)
                .body("errors[0].field", equalTo("connected_account_ids[0]"));

        // A connected account's URL is its user's.
        String perUser = tenant.authConfig("github", "API_KEY", Map.of());
        String account = tenant.api().body(Map.of("auth_config", Map.of("id", perUser), "connection", Map.of("user_id", "cy",
                        "state", Map.of("authScheme", "API_KEY", "val", Map.of("status", "ACTIVE", "api_key", "k")))))
                .post(ROOT + "/connected_accounts").then().statusCode(201).extract().path("id");
        tenant.api().body(Map.of("mcp_server_id", id, "user_ids", List.of("al"), "connected_account_ids", List.of(account)))
                .post(ROOT + "/mcp/servers/generate").then().statusCode(200)
                .body("connected_account_urls", contains("http://localhost:8080/v3/mcp/" + id + "/mcp?user_id=cy"));
        tenant.api().get(ROOT + "/mcp/" + id).then().body("server_instance_count", equalTo(4));
    }

    @Test
    void deletesAServerAndItsInstances() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String id = createServer(tenant, "gone", List.of("github"));
        tenant.api().body(Map.of("mcp_server_id", id, "user_ids", List.of("u1"))).post(ROOT + "/mcp/servers/generate")
                .then().statusCode(200);
        tenant.api().delete(ROOT + "/mcp/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("deleted", equalTo(true));
        tenant.api().get(ROOT + "/mcp/" + id).then().statusCode(404);
        tenant.api().delete(ROOT + "/mcp/" + id).then().statusCode(404);
        tenant.api().delete(ROOT + "/toolkits/github").then().statusCode(200);
    }

    @Test
    void aToolkitOrAuthConfigInUseCannotBeDeleted() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String auth = authConfig(tenant, "github");
        tenant.api().body(Map.of("name", "uses", "toolkits", List.of("github"), "auth_config_ids", List.of(auth)))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201);
        tenant.api().delete(ROOT + "/auth_configs/" + auth).then().statusCode(409)
                .body("message", containsString("pinned by MCP servers"));
        tenant.api().delete(ROOT + "/toolkits/github").then().statusCode(409)
                .body("message", containsString("still used"));
        tenant.api().get(ROOT + "/toolkits/github").then().statusCode(200);
    }

    @Test
    void membersReadAndGenerateButDoNotManage() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        String id = createServer(tenant, "members", List.of("github"));
        String member = tenant.memberKey();
        Api.as(member).get(ROOT + "/mcp/" + id).then().statusCode(200);
        Api.as(member).body(Map.of("mcp_server_id", id, "user_ids", List.of("anyone"))).post(ROOT + "/mcp/servers/generate")
                .then().statusCode(200);
        Api.as(member).body(Map.of("name", "nope")).patch(ROOT + "/mcp/" + id).then().statusCode(403);
        Api.as(member).delete(ROOT + "/mcp/" + id).then().statusCode(403);
        tenant.api().get(ROOT + "/mcp/servers").then().body("items.name", hasItems("members"));
    }
}

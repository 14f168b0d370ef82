package dev.switchboard.toolkit;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ToolkitResourceTest {

    @Test
    void createsReadsUpdatesAndDeletesAToolkit() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "github", "name", "GitHub", "mcp_url", "https://mcp.example.com/github",
                        "transport", "sse", "description", "Issues and PRs"))
                .post(ROOT + "/toolkits")
                .then().statusCode(201)
                .body("id", startsWith("tk_"))
                .body("slug", equalTo("github"))
                .body("transport", equalTo("sse"))
                .body("created_at", notNullValue());

        tenant.api().get(ROOT + "/toolkits/github").then().statusCode(200).body("name", equalTo("GitHub"));

        Map<String, Object> patch = new HashMap<>();
        patch.put("name", "GitHub Enterprise");
        patch.put("description", null);
        tenant.api().body(patch).patch(ROOT + "/toolkits/github")
                .then().statusCode(200)
                .body("name", equalTo("GitHub Enterprise"))
                .body("description", nullValue())
                .body("mcp_url", equalTo("https://mcp.example.com/github"))
                .body("transport", equalTo("sse"));

        tenant.api().delete(ROOT + "/toolkits/github").then().statusCode(200).body("deleted", equalTo(true));
        tenant.api().get(ROOT + "/toolkits/github").then().statusCode(404)
                .body("status", equalTo(404))
                .body("message", equalTo("Toolkit 'github' does not exist"));
    }

    @Test
    void listsToolkitsPagedBySlug() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("zeta");
        tenant.toolkit("alpha");
        tenant.toolkit("mid");
        tenant.api().queryParam("limit", 2).get(ROOT + "/toolkits")
                .then().statusCode(200)
                .body("items.slug", contains("alpha", "mid"))
                .body("current_page", equalTo(1))
                .body("total_pages", equalTo(2))
                .body("total_items", equalTo(3));
        tenant.api().queryParam("limit", 2).queryParam("page_no", 2).get(ROOT + "/toolkits")
                .then().statusCode(200).body("items.slug", contains("zeta"));
    }

    @Test
    void rejectsInvalidToolkitsNamingTheField() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "Bad Slug!", "name", "x", "mcp_url", "ftp://example.com"))
                .post(ROOT + "/toolkits")
                .then().statusCode(400)
                .header("x-should-retry", "false")
                .body("errors.field", hasItem("slug"));
        // "__" separates a slug from a tool name in exposed names, so a slug may not hold it (nor end in '_').
        for (String slug : new String[] {"my__tools", "tools_"}) {
            tenant.api().body(Map.of("slug", slug, "name", "x", "mcp_url", "http://example.com/mcp"))
                    .post(ROOT + "/toolkits").then().statusCode(400).body("errors[0].field", equalTo("slug"));
        }
        tenant.api().body(Map.of("slug", "ok", "name", "x", "mcp_url", "ftp://example.com"))
                .post(ROOT + "/toolkits")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("mcp_url"))
                .body("errors[0].message", equalTo("must be an http or https URL"));
        tenant.toolkit("dup");
        tenant.api().body(Map.of("slug", "dup", "name", "x", "mcp_url", "http://example.com"))
                .post(ROOT + "/toolkits")
                .then().statusCode(409).header("x-should-retry", "false").body("errors[0].field", equalTo("slug"));
        tenant.api().body(Map.of("slug", "other")).patch(ROOT + "/toolkits/dup")
                .then().statusCode(400).body("errors[0].field", equalTo("slug"));
    }

    @Test
    void membersReadButCannotChangeToolkits() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("shared");
        String member = tenant.memberKey();
        Api.as(member).get(ROOT + "/toolkits/shared").then().statusCode(200);
        Api.as(member).body(Map.of("slug", "mine", "name", "x", "mcp_url", "http://example.com"))
                .post(ROOT + "/toolkits").then().statusCode(403).body("detail", startsWith("This operation needs the admin role"));
    }

    @Test
    void refusesUpstreamAddressesThePolicyDeniesNamingTheField() {
        TestTenant tenant = Api.newTenant();
        int self = RestAssured.port;
        for (String url : new String[] {"http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
                "http://0.0.0.0:3000/mcp", "http://[::]:3000/mcp", "http://0177.0.0.1:3000/mcp", "http://2130706433:3000/mcp",
                "http://[fe80::1]:3000/mcp", "http://127.0.0.1:" + self + "/q/health", "http://[::1]:" + self + "/mcp"}) {
            tenant.api().body(Map.of("slug", "ssrf", "name", "x", "mcp_url", url)).post(ROOT + "/toolkits")
                    .then().statusCode(400)
                    .body("errors[0].field", equalTo("mcp_url"));
        }
        tenant.api().body(Map.of("slug", "ssrf", "name", "x", "mcp_url", "http://metadata.google.internal/"))
                .post(ROOT + "/toolkits")
                .then().statusCode(400)
                .body("errors[0].message", equalTo("is a cloud metadata service"));
        tenant.toolkit("fine");
        tenant.api().body(Map.of("mcp_url", "http://169.254.169.254/")).patch(ROOT + "/toolkits/fine")
                .then().statusCode(400).body("errors[0].field", equalTo("mcp_url"));
        tenant.api().get(ROOT + "/toolkits").then().body("items.slug", contains("fine"));
    }

    @Test
    void refusesPortsOutOfRangeOnCreateAndUpdate() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "far", "name", "x", "mcp_url", "http://127.0.0.1:99999/mcp"))
                .post(ROOT + "/toolkits")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("mcp_url"))
                .body("errors[0].message", equalTo("has no valid port (1-65535)"));
        tenant.toolkit("near");
        tenant.api().body(Map.of("mcp_url", "http://127.0.0.1:99999/mcp")).patch(ROOT + "/toolkits/near")
                .then().statusCode(400).body("errors[0].field", equalTo("mcp_url"));
        tenant.api().get(ROOT + "/toolkits/near").then().body("mcp_url", equalTo("http://127.0.0.1:9/near/mcp"));
    }

    @Test
    void onlyAdminsMakeDiscoveryAskTheUpstreamAgain() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("dead");
        String member = tenant.memberKey();
        Api.as(member).queryParam("refresh", true).get(ROOT + "/toolkits/dead/tools")
                .then().statusCode(403).body("detail", startsWith("This operation needs the admin role"));
        // Without refresh a member reads the (here: failed) listing; the admin may ask again.
        Api.as(member).get(ROOT + "/toolkits/dead/tools").then().statusCode(502);
        tenant.api().queryParam("refresh", true).get(ROOT + "/toolkits/dead/tools").then().statusCode(502)
                .body("detail", equalTo("The upstream of toolkit 'dead' did not list its tools: dead refused the connection"));
    }
}

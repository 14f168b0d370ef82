package dev.switchboard.common;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad input answers a 4xx problem body that names the field, and changes nothing. */
@QuarkusTest
class ErrorHandlingTest {

    @Test
    void malformedJsonIsAProblemWithItsLocation() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body("{\"name\": ").post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .header("x-should-retry", "false")
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid request"))
                .body("type", startsWith("https://"))
                .body("message", containsString("is not valid JSON"))
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void wrongTypesNameTheField() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("name", "x", "toolkits", "github")).post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("toolkits"))
                .body("errors[0].message", equalTo("must be an array"));
        tenant.api().body(Map.of("name", "x", "toolkits", List.of("a"), "managed_auth_via_composio", "maybe"))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400).body("errors[0].field", equalTo("managed_auth_via_composio"));
        tenant.api().body(Map.of("name", List.of(1))).post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        tenant.api().body("\"just a string\"").post(ROOT + "/toolkits")
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void scalarsAreNotCoercedToAnotherType() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("name", 42, "toolkits", List.of())).post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400)
                .body("errors.field", contains("name"))
                .body("errors[0].message", equalTo("must be a string"));
        tenant.api().body(Map.of("name", "x", "toolkits", List.of(), "managed_auth_via_composio", 1))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400).body("errors.field", contains("managed_auth_via_composio"));
        tenant.api().body(Map.of("slug", "gh", "name", "GitHub", "mcp_url", "http://127.0.0.1:9/mcp", "timeout_ms", "30000"))
                .post(ROOT + "/toolkits")
                .then().statusCode(400).body("errors.field", contains("timeout_ms"));
        tenant.api().body(Map.of("user_id", 42)).post(ROOT + "/tool_router/session")
                .then().statusCode(400).body("errors.field", contains("user_id"));
        tenant.api().get(ROOT + "/mcp/servers").then().body("total_items", equalTo(0));
        tenant.api().get(ROOT + "/toolkits").then().body("total_items", equalTo(0));
        tenant.api().body(Map.of("slug", "gh", "name", "GitHub", "mcp_url", "http://127.0.0.1:9/mcp", "timeout_ms", 30000))
                .post(ROOT + "/toolkits")
                .then().statusCode(201).body("timeout_ms", equalTo(30000));
    }

    @Test
    void everyFieldErrorOfABodyIsReportedAtOnce() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "Not A Slug", "name", "", "mcp_url", "")).post(ROOT + "/toolkits")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("mcp_url", "name", "slug"))
                .body("message", equalTo("The request has 3 invalid fields"));
        tenant.api().body(Map.of("name", 42, "toolkits", "github", "allowed_tools", List.of("ok", "bad tool!")))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("allowed_tools[1]", "name", "toolkits"));
        tenant.api().body(Map.of("name", List.of(1), "toolkits", List.of(7, "ok", false)))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("name", "toolkits[0]", "toolkits[2]"));
        // A string where a number belongs no longer stops reading: the fields after it are checked too.
        tenant.api().body(Map.of("slug", "ok", "name", "Ok", "mcp_url", "http://127.0.0.1:9/mcp", "timeout_ms", "5000",
                        "transport", 42))
                .post(ROOT + "/toolkits")
                .then().statusCode(400)
                .body("errors.field", containsInAnyOrder("timeout_ms", "transport"));
        tenant.api().get(ROOT + "/mcp/servers").then().body("total_items", equalTo(0));
        tenant.api().get(ROOT + "/toolkits").then().body("total_items", equalTo(0));
    }

    @Test
    void nulCharactersInBodiesAre400NamingTheField() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "gh", "name", "Git\u0000Hub", "mcp_url", "http://127.0.0.1:9/mcp"))
                .post(ROOT + "/toolkits")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .header("x-should-retry", "false")
                .body("errors.field", contains("name"))
                .body("errors[0].message", equalTo("must not contain NUL characters"));
        tenant.api().body(Map.of("user_id", "al\u0000ice")).post(ROOT + "/tool_router/session")
                .then().statusCode(400).body("errors.field", contains("user_id"));
        tenant.api().body(Map.of("user_id", "alice", "experimental", Map.of("notes", List.of("ok", "x\u0000"))))
                .post(ROOT + "/tool_router/session")
                .then().statusCode(400).body("errors.field", contains("experimental.notes[1]"));
        tenant.api().body(Map.of("user_id", "alice", "auth_configs", Map.of("gh\u0000", "ac_1")))
                .post(ROOT + "/tool_router/session")
                .then().statusCode(400).body("errors.field", contains("auth_configs"));
        tenant.api().body(Map.of("name", "ci\u0000")).post(ROOT + "/api_keys")
                .then().statusCode(400).body("errors.field", contains("name"));
        Api.platform().body(Map.of("name", "t-" + java.util.UUID.randomUUID().toString().substring(0, 8), "display_name", "A\u0000"))
                .post(ROOT + "/tenants")
                .then().statusCode(400).body("errors.field", contains("display_name"));
        tenant.api().get(ROOT + "/toolkits").then().body("total_items", equalTo(0));
        tenant.api().get(ROOT + "/api_keys").then().body("items.name", not(hasItems("ci")));
    }

    @Test
    void nulCharactersInPathsAndQueriesAre400NamingTheParameter() {
        TestTenant tenant = Api.newTenant();
        tenant.api().urlEncodingEnabled(false).get(ROOT + "/toolkits/gh%00x")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("slug"));
        tenant.api().urlEncodingEnabled(false).get(ROOT + "/mcp/servers?name=a%00b")
                .then().statusCode(400).body("errors.field", contains("name"));
        tenant.api().urlEncodingEnabled(false).get(ROOT + "/tool_router/session/trs_%00")
                .then().statusCode(400).body("errors.field", contains("id"));
    }

    @Test
    void missingAndOverlongFieldsAreNamed() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of()).post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400).body("errors.field", hasItems("name"));
        tenant.api().body(Map.of("name", "n".repeat(101), "toolkits", List.of("x"))).post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        tenant.api().body(Map.of("name", "ok", "toolkits", List.of("x"), "allowed_tools", List.of("good", "bad tool!")))
                .post(ROOT + "/mcp/servers/custom")
                .then().statusCode(400).body("errors[0].field", equalTo("allowed_tools[1]"));
        tenant.api().post(ROOT + "/toolkits")
                .then().statusCode(400).body("errors[0].field", equalTo("body"));
    }

    @Test
    void badPagingValuesAreNamed() {
        TestTenant tenant = Api.newTenant();
        tenant.api().queryParam("page_no", 0).get(ROOT + "/mcp/servers")
                .then().statusCode(400).body("errors[0].field", equalTo("page_no"));
        tenant.api().queryParam("limit", "ten").get(ROOT + "/mcp/servers")
                .then().statusCode(400).body("errors[0].field", equalTo("limit")).body("errors[0].message", equalTo("must be an integer"));
        tenant.api().queryParam("limit", 1000).get(ROOT + "/toolkits")
                .then().statusCode(400).body("errors[0].message", equalTo("must be between 1 and 100"));
        tenant.api().queryParam("order_by", "name").get(ROOT + "/mcp/servers")
                .then().statusCode(400).body("errors[0].field", equalTo("order_by"));
        tenant.api().queryParam("order_direction", "sideways").get(ROOT + "/mcp/servers")
                .then().statusCode(400).body("errors[0].field", equalTo("order_direction"));
    }

    @Test
    void oversizeBodiesAreRefused() {
        TestTenant tenant = Api.newTenant();
        String big = "{\"name\": \"" + "x".repeat(1_100_000) + "\"}";
        tenant.api().body(big).post(ROOT + "/toolkits")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
        tenant.api().get(ROOT + "/toolkits").then().body("total_items", equalTo(0));
    }

    @Test
    void unknownIdsPathsAndMethodsAreProblems() {
        TestTenant tenant = Api.newTenant();
        tenant.api().get(ROOT + "/mcp/mcp_doesnotexist").then().statusCode(404)
                .body("message", equalTo("MCP server 'mcp_doesnotexist' does not exist"));
        tenant.api().get(ROOT + "/no/such/path").then().statusCode(404).contentType("application/problem+json");
        tenant.api().put(ROOT + "/toolkits").then().statusCode(405).contentType("application/problem+json");
        tenant.api().contentType("text/plain").body("hi").post(ROOT + "/toolkits")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void missingOrBadCredentialsAre401WithAChallenge() {
        RestAssured.given().get(ROOT + "/mcp/servers")
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("message", containsString("x-api-key"));
        Api.as("sbk_not_a_real_key").get(ROOT + "/mcp/servers")
                .then().statusCode(401).body("message", equalTo("The API key is not valid"));
    }

    @Test
    void aFailedRequestWritesNothing() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.api().body(Map.of("name", "partial", "toolkits", List.of("github", "missing")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(400);
        tenant.api().get(ROOT + "/mcp/servers").then().body("total_items", equalTo(0));
        tenant.api().body(Map.of("name", "ok", "toolkits", List.of("github"))).post(ROOT + "/mcp/servers/custom")
                .then().statusCode(201);
    }
}

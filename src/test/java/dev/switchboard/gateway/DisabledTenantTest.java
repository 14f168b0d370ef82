package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A disabled tenant stops working on MCP URLs too, whatever credential reaches them (hardening #13, finding 1). */
@QuarkusTest
class DisabledTenantTest {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"disabled-tenant-test","version":"1"}}}""";

    @Test
    void aSessionTokenStopsWorkingWhenItsTenantIsDisabledAndWorksAgainWhenEnabled() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("absent");
        Map<String, Object> session = tenant.api().body(Map.of("user_id", "u", "toolkits", Map.of("enable", java.util.List.of("absent"))))
                .post(ROOT + "/tool_router/session").then().statusCode(201).extract().path("mcp");
        // The URL names the public URL; the test talks to the app where it runs.
        String url = java.net.URI.create((String) session.get("url")).getPath();
        @SuppressWarnings("unchecked")
        String authorization = ((Map<String, String>) session.get("headers")).get("Authorization");

        initialize(url, authorization).statusCode(200);
        initializeWithKey(url, tenant.adminKey()).statusCode(200);

        Api.platform().body(Map.of("status", "disabled")).patch(ROOT + "/tenants/" + tenant.id()).then().statusCode(200);
        initialize(url, authorization).statusCode(401);
        initializeWithKey(url, tenant.adminKey()).statusCode(403);

        Api.platform().body(Map.of("status", "active")).patch(ROOT + "/tenants/" + tenant.id()).then().statusCode(200);
        initialize(url, authorization).statusCode(200);
    }

    private static ValidatableResponse initialize(String url, String authorization) {
        return given().header("Authorization", authorization).header("Accept", "application/json, text/event-stream")
                .contentType("application/json").body(INITIALIZE).post(url).then();
    }

    private static ValidatableResponse initializeWithKey(String url, String apiKey) {
        return given().header("x-api-key", apiKey).header("Accept", "application/json, text/event-stream")
                .contentType("application/json").body(INITIALIZE).post(url).then();
    }
}

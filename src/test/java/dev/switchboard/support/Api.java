package dev.switchboard.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Calls the API as a given tenant; every test works in tenants of its own, so tests never see each other's rows. */
public final class Api {

    /** The platform-admin bootstrap key of the test profile (application.properties). */
    public static final String PLATFORM_KEY = "sb_test_platform_bootstrap_key_0123456789";
    public static final String ROOT = "/api/v3.1";

    private Api() {
    }

    public static RequestSpecification as(String apiKey) {
        return given().header("x-api-key", apiKey).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** As {@link #as(String)}, against the app at baseUri, or at RestAssured's default when it is null. */
    public static RequestSpecification as(String apiKey, String baseUri) {
        return baseUri == null ? as(apiKey) : as(apiKey).baseUri(baseUri);
    }

    public static RequestSpecification platform() {
        return as(PLATFORM_KEY);
    }

    /** Creates a fresh tenant and answers its admin API key. */
    public static TestTenant newTenant() {
        return newTenant(null);
    }

    /** As {@link #newTenant()}, on the app at baseUri (an instance the test started itself), or the default when null. */
    public static TestTenant newTenant(String baseUri) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String id = as(PLATFORM_KEY, baseUri).body(Map.of("name", name)).post(ROOT + "/tenants")
                .then().statusCode(201).extract().path("id");
        String key = as(PLATFORM_KEY, baseUri).body(Map.of("name", "test admin")).post(ROOT + "/tenants/" + id + "/api_keys")
                .then().statusCode(201).extract().path("key");
        return new TestTenant(id, name, key, baseUri);
    }

    /** A tenant of the app at baseUri (null: RestAssured's default, the app under {@code @QuarkusTest}). */
    public record TestTenant(String id, String name, String adminKey, String baseUri) {

        public RequestSpecification api() {
            return as(adminKey, baseUri);
        }

        /** Registers a toolkit with the given slug and answers the slug. */
        public String toolkit(String slug) {
            api().body(Map.of("slug", slug, "name", slug.toUpperCase(), "mcp_url", "http://127.0.0.1:9/" + slug + "/mcp"))
                    .post(ROOT + "/toolkits").then().statusCode(201);
            return slug;
        }

        /** Registers a toolkit for the upstream at {@code mcpUrl} and a custom MCP server of it (named as the slug); answers the server's id. */
        public String serverOver(String slug, String mcpUrl) {
            api().body(Map.of("slug", slug, "name", slug, "mcp_url", mcpUrl)).post(ROOT + "/toolkits").then().statusCode(201);
            return api().body(Map.of("name", slug, "toolkits", List.of(slug), "allowed_tools", List.of()))
                    .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        }

        /** Creates an auth config in the Composio SDK's shape ({@code use_custom_auth}) and answers its id. */
        public String authConfig(String toolkit, String authScheme, Map<String, ?> credentials) {
            return api().body(Map.of("toolkit", Map.of("slug", toolkit),
                            "auth_config", Map.of("type", "use_custom_auth", "authScheme", authScheme, "credentials", credentials)))
                    .post(ROOT + "/auth_configs").then().statusCode(201).extract().path("auth_config.id");
        }

        /** A member-role API key of this tenant. */
        public String memberKey() {
            return api().body(Map.of("name", "member", "role", "member")).post(ROOT + "/api_keys")
                    .then().statusCode(201).extract().path("key");
        }
    }
}

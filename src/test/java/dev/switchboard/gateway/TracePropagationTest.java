package dev.switchboard.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With tracing switched on, the trace context of a client's request travels to the upstreams (W3C traceparent). */
@QuarkusTest
@TestProfile(TracePropagationTest.TracingOn.class)
class TracePropagationTest {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Spans go to a loopback port where nothing listens: this test is about propagation, not export.
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:9");
        }
    }

    private static WireMockServer upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        upstream.start();
        upstream.stubFor(post(urlEqualTo("/mcp")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withHeader("Mcp-Session-Id", "upstream-session")
                .withBody("{\"jsonrpc\":\"2.0\",\"id\":\"switchboard-initialize\",\"result\":{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"stub\",\"version\":\"1\"}}}")));
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    @Test
    void upstreamRequestsCarryTheTraceContext() {
        TestTenant tenant = Api.newTenant();
        tenant.api().body(Map.of("slug", "traced", "name", "Traced", "mcp_url", "http://127.0.0.1:" + upstream.port() + "/mcp"))
                .post(ROOT + "/toolkits").then().statusCode(201);
        String server = tenant.api().body(Map.of("name", "traced", "toolkits", List.of("traced")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        given().header("x-api-key", tenant.adminKey()).header("Accept", "application/json, text/event-stream")
                .contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}")
                .post("/v3/mcp/" + server + "/mcp?user_id=u").then().statusCode(200);

        upstream.verify(postRequestedFor(urlEqualTo("/mcp"))
                .withHeader("traceparent", matching("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")));
        assertFalse(upstream.findAll(postRequestedFor(urlEqualTo("/mcp"))).stream()
                .anyMatch(request -> request.containsHeader("x-api-key")), "the client's API key must never go upstream");
    }
}

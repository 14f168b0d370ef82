package dev.switchboard.gateway.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The MCP paths keep Quarkus REST's per-request template naming off them: when the route reaches the gateway, the
 * auth-failure handler is the gateway's own (which the REST filter leaves alone), where a REST path has the one the
 * REST filter swaps in after naming the template. A probe after both filters records which handler each path has.
 */
@QuarkusTest
class RestObservabilityBypassTest {

    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @Singleton
    static class Probe {
        void install(@Observes Router router) {
            for (String path : new String[] {"/v3/mcp/:serverId/mcp", "/api/v3.1/toolkits"}) {
                router.route(path).order(-100).handler(ctx -> {
                    SEEN.put(ctx.currentRoute().getPath(), ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER));
                    ctx.next();
                });
            }
        }
    }

    @Test
    void anMcpRouteKeepsTheGatewaysHandlerWhereARestRouteGetsTheRestOne() {
        given().contentType("application/json").accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                .post("/v3/mcp/mcp_probe/mcp").then().statusCode(401);
        given().get("/api/v3.1/toolkits").then().statusCode(401);

        Object mcp = SEEN.get("/v3/mcp/:serverId/mcp");
        Object rest = SEEN.get("/api/v3.1/toolkits");
        assertNotNull(mcp, "the probe saw the MCP request");
        assertNotNull(rest, "the probe saw the REST request");
        assertSame(RestObservabilityBypass.failTheRoute(), mcp);
        assertEquals("FailingDefaultAuthFailureHandler", rest.getClass().getSimpleName());
    }
}

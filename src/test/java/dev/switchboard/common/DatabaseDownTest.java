package dev.switchboard.common;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the database unreachable at run time (a closed loopback port), the API answers 503 and says to retry. */
@QuarkusTest
@TestProfile(DatabaseDownTest.UnreachableDatabase.class)
class DatabaseDownTest {

    public static class UnreachableDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Flyway (JDBC) still migrates the real database at start; the app's reactive pool finds no server.
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + closedPort + "/switchboard",
                    "switchboard.bootstrap.api-key", "");
        }
    }

    @Test
    void anApiCallAnswers503WithRetryHints() {
        given().header("x-api-key", "sbk_any_key_the_database_would_check").get(ROOT + "/toolkits")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .header("x-should-retry", equalTo("true"))
                .body("status", equalTo(503))
                .body("message", equalTo("The database is unavailable; retry later"));
    }

    @Test
    void anMcpRequestAnswers503WithRetryHints() {
        given().header("x-api-key", "sbk_any_key_the_database_would_check")
                .header("Accept", "application/json, text/event-stream").contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")
                .post("/v3/mcp/mcp_any/mcp?user_id=u")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .header("x-should-retry", equalTo("true"))
                .body("message", equalTo("The database is unavailable; retry later"));
    }
}

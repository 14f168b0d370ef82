package dev.switchboard.deploy;

import static dev.switchboard.support.Api.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The run command's third path: with neither Docker nor a local PostgreSQL, deploy/run-local.sh runs the app
 * on an {@link EmbeddedDatabase}. Here the app boots on one (its own port and data folder), migrates it, and
 * answers the management API and an MCP initialize.
 */
@QuarkusTest
@TestProfile(EmbeddedDatabaseBootTest.OnEmbeddedPostgres.class)
class EmbeddedDatabaseBootTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"embedded-postgres-test","version":"1"}}}""";

    public static class OnEmbeddedPostgres implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmbeddedDatabaseResource.class));
        }
    }

    @Inject
    Pool database;

    @TestHTTPResource("/")
    URL base;

    @Test
    void theAppRunsOnTheEmbeddedPostgres() {
        String dataDirectory = database.query("select current_setting('data_directory')").execute()
                .await().atMost(ANSWER_WITHIN).iterator().next().getString(0);
        assertEquals(EmbeddedDatabaseResource.DATA_DIRECTORY, Path.of(dataDirectory));
        long migrations = database.query("select count(*) from flyway_schema_history where success").execute()
                .await().atMost(ANSWER_WITHIN).iterator().next().getLong(0);
        assertTrue(migrations > 0, "Flyway migrated the embedded database");
    }

    @Test
    void answersTheManagementApiAndAnMcpInitialize() throws Exception {
        TestTenant tenant = Api.newTenant();
        assertEquals(tenant.name(), tenant.api().get(ROOT + "/me").then().statusCode(200).extract().path("tenant_name"));
        // An upstream that is not there drops out of the session: the gateway still answers.
        tenant.toolkit("absent");
        String id = tenant.api().body(Map.of("name", "embedded", "toolkits", List.of("absent")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");

        HttpRequest initialize = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + "/v3/mcp/" + id + "/mcp?user_id=u"))
                .timeout(ANSWER_WITHIN)
                .header("x-api-key", tenant.adminKey())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build();
        HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build()
                .send(initialize, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Mcp-Session-Id").isPresent(), "a session was opened");
        assertTrue(answer.body().contains("\"protocolVersion\":\"2025-11-25\""), answer.body());
    }
}

package dev.switchboard.gateway.transport;

import static dev.switchboard.support.Api.ROOT;
import static io.restassured.RestAssured.given;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A legacy SSE message for a session whose holder died (its row no longer refreshed, as a killed
 * replica leaves it) gets 404 at once, so the client reconnects; one whose holder lives is handed over.
 * Other replicas are played by rows written as they would write them.
 */
@QuarkusTest
class LegacySseHandoffTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    @Inject
    Pool pool;

    @Test
    void aMessageForADeadHoldersSessionIs404AndForALiveOnesIsHandedOver() {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("absent");
        String server = tenant.api().body(Map.of("name", "legacy", "toolkits", List.of("absent")))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        holder("sse_dead_" + server, tenant.id(), server, "now() - interval '1 minute'");
        holder("sse_live_" + server, tenant.id(), server, "now()");

        post(tenant, server, "sse_dead_" + server).then().statusCode(404);
        post(tenant, server, "sse_live_" + server).then().statusCode(202);
    }

    private void holder(String sessionId, String tenantId, String serverId, String refreshedAt) {
        pool.preparedQuery("insert into legacy_sse_session (id, tenant_id, server_id, user_id, refreshed_at) values ($1, $2, $3, 'u', "
                + refreshedAt + ")").execute(Tuple.of(sessionId, tenantId, serverId)).await().indefinitely();
    }

    private static io.restassured.response.Response post(TestTenant tenant, String server, String sessionId) {
        return given().header("x-api-key", tenant.adminKey()).contentType("application/json").body(PING)
                .post("/v3/mcp/" + server + "/messages?session_id=" + sessionId + "&user_id=u");
    }
}

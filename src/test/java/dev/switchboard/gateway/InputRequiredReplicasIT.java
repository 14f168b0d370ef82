package dev.switchboard.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.ModernMcp;
import dev.switchboard.support.NodePeers;
import dev.switchboard.support.NodePeers.Upstream;
import dev.switchboard.support.PackagedGateway;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged gateway sharing one database and one cluster key: a 2026-07-28 client's call
 * that its 2025 upstream asked for input starts on one (which holds the upstream's request open) and is
 * retried on the other, which hands the retry over through PostgreSQL and gets the upstream's result back.
 */
class InputRequiredReplicasIT {

    private static final String TOOL = "asker__trigger-elicitation-request";
    private static final JsonObject ELICITATION = new JsonObject().put("elicitation", new JsonObject());
    private static Upstream upstream;
    private static PackagedGateway first;
    private static PackagedGateway second;

    @BeforeAll
    static void start() {
        upstream = NodePeers.serverEverything("input-required-replicas");
        // Only the first instance cleans the schema (test profile); the second finds it migrated, as a scaled-out replica would.
        first = PackagedGateway.start("input-required-a", Map.of());
        second = PackagedGateway.start("input-required-b", Map.of("quarkus.flyway.clean-at-start", "false"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closing : new AutoCloseable[] {second, first, upstream}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aCallAskedForInputOnOneInstanceIsCompletedByARetryOnTheOther() {
        TestTenant tenant = Api.newTenant(first.baseUrl());
        String serverId = tenant.serverOver("asker", upstream.mcpUrl());
        for (int round = 0; round < 2; round++) {
            JsonObject asked = ModernMcp.answer(ModernMcp.post(first.mcpUrl(serverId, "roaming-user"), tenant.adminKey(),
                    ModernMcp.toolCall(1, TOOL, new JsonObject(), ELICITATION))).getJsonObject("result");
            assertNotNull(asked, "the first instance answered a result");
            assertEquals("input_required", asked.getString("resultType"), asked.encode());
            JsonObject responses = new JsonObject();
            String answer = "Roaming Ada " + round;
            asked.getJsonObject("inputRequests").fieldNames().forEach(key -> responses.put(key,
                    new JsonObject().put("action", "accept").put("content", new JsonObject().put("name", answer))));
            JsonObject retry = ModernMcp.toolCall(2, TOOL, new JsonObject(), ELICITATION);
            retry.getJsonObject("params").put("inputResponses", responses).put("requestState", asked.getString("requestState"));
            JsonObject done = ModernMcp.answer(ModernMcp.post(second.mcpUrl(serverId, "roaming-user"), tenant.adminKey(), retry));
            assertEquals(2, done.getInteger("id"), done.encode());
            JsonObject result = done.getJsonObject("result");
            assertNotNull(result, done.encode());
            assertEquals("complete", result.getString("resultType"), result.encode());
            assertTrue(result.getJsonArray("content").encode().contains(answer), result.encode());
        }
    }
}

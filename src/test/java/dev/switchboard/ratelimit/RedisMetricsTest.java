package dev.switchboard.ratelimit;

import static dev.switchboard.support.Api.ROOT;
import static dev.switchboard.support.MetricsScrape.moved;
import static dev.switchboard.support.MetricsScrape.scrape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.OwnRedis;
import dev.switchboard.support.RawMcpClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis store's health on /q/metrics (Redis of the test's own, failing open, RedisOutageTest's profile): each
 * decision's latency while Redis answers; while it is stopped, each failed decision counted as a store error and
 * the request admitted unchecked; counted and timed again once it is back.
 */
@QuarkusTest
@TestProfile(RedisOutageTest.FailOpen.class)
class RedisMetricsTest {

    private static final String LATENCY = "switchboard_ratelimit_store_latency_seconds_count{store=\"redis\"}";
    private static final String ERRORS = "switchboard_ratelimit_store_errors_total{store=\"redis\"}";

    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    @AfterAll
    static void stopRedis() throws InterruptedException {
        OwnRedis.stop();
    }

    @Test
    void redisLatencyAndErrorsMoveWithItsHealth() throws Exception {
        OwnRedis.start();
        try (FakeUpstream upstream = FakeUpstream.start(vertx).tool("work")) {
            TestTenant tenant = Api.newTenant();
            String serverId = tenant.serverOver("fake", upstream.mcpUrl());
            String unchecked = "switchboard_ratelimit_decisions_total{kind=\"unchecked\",outcome=\"admitted\",tenant=\"" + tenant.id() + "\"}";
            try (RawMcpClient client = new RawMcpClient(vertx, base, "/v3/mcp/" + serverId + "/mcp?user_id=redis-metered", tenant.adminKey())) {
                Map<String, Double> before = scrape();
                client.initialize(new JsonObject());
                assertEquals(200, ping(client, 1));
                Map<String, Double> up = scrape();
                assertTrue(moved(before, up, LATENCY) >= 2, "initialize and ping were decided by Redis, and timed");
                assertEquals(0, moved(before, up, ERRORS));

                OwnRedis.stop();
                assertEquals(200, ping(client, 2), "fails open");
                assertEquals(200, ping(client, 3));
                Map<String, Double> down = scrape();
                assertEquals(2, moved(up, down, ERRORS), "each failed decision is a store error");
                assertEquals(2, moved(up, down, unchecked), "admitted unchecked, counted as such for the tenant");
                assertEquals(0, moved(up, down, LATENCY), "only decisions Redis made are timed");

                OwnRedis.start();
                assertEquals(200, ping(client, 4));
                Map<String, Double> back = scrape();
                assertEquals(1, moved(down, back, LATENCY), "timed again once Redis is back");
                assertEquals(0, moved(down, back, ERRORS));
            }
        }
    }

    private static int ping(RawMcpClient client, int id) {
        RawMcpClient.Reply reply = client.post(RawMcpClient.request(id, "ping", new JsonObject()));
        reply.body();
        return reply.status();
    }
}

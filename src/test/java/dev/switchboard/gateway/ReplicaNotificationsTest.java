package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static dev.switchboard.support.Eventually.within;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.common.Sha256;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What another replica changes reaches this one through NOTIFY, long before the (here: one minute) cache TTL:
 * "another replica" is the SQL it would run, sent through the pool. Opening a session reads no table.
 */
@QuarkusTest
@TestProfile(ReplicaNotificationsTest.LongCacheTtl.class)
class ReplicaNotificationsTest {

    public static class LongCacheTtl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.cache-ttl", "PT60S");
        }
    }

    // What EndedSessions and ConfigurationChanges listen to, as another replica would send to them.
    private static final String ENDED_CHANNEL = "switchboard_mcp_session_ended";
    private static final String CONFIGURATION_CHANNEL = "switchboard_configuration";
    private static final String END_ELSEWHERE = """
            with ended as (
                insert into ended_mcp_session (session_hash, tenant_id, expires_at) values ($1, $2, $3) returning session_hash)
            select pg_notify($4, $5) from ended""";
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    @Test
    void sessionsEndedOnAnyReplicaAreGoneHere() {
        TestTenant tenant = Api.newTenant();
        String url = serverUrl(tenant, "ended-user");

        String notified = initialize(tenant, url);
        assertEquals(200, ping(tenant.adminKey(), url, notified));
        double heard = notifications(ENDED_CHANNEL);
        endElsewhere(tenant, notified, ENDED_CHANNEL);
        assertEquals(404, within(Duration.ofSeconds(3), 404, () -> ping(tenant.adminKey(), url, notified)));
        assertTrue(notifications(ENDED_CHANNEL) > heard, "the end was heard, not polled");

        // A notification no replica listens to is lost: the fallback poll still finds the row.
        String missed = initialize(tenant, url);
        endElsewhere(tenant, missed, "nobody_listens");
        assertEquals(404, within(Duration.ofSeconds(10), 404, () -> ping(tenant.adminKey(), url, missed)));

        // Ended here through MCP: gone at once, and stored for the other replicas to load or poll.
        String mine = initialize(tenant, url);
        mcp(tenant.adminKey()).header("Mcp-Session-Id", mine).delete(url).then().statusCode(200);
        assertEquals(404, ping(tenant.adminKey(), url, mine));
        assertEquals(1, pool.preparedQuery("select ended_at from ended_mcp_session where session_hash = $1 and ended_at <= now()")
                .execute(Tuple.of(Sha256.hex(mine))).await().indefinitely().rowCount());
    }

    @Test
    void aKeyRevokedOnAnotherReplicaIsRefusedHereLongBeforeTheCacheExpires() {
        TestTenant tenant = Api.newTenant();
        String url = serverUrl(tenant, "revoked-user");
        String key = tenant.memberKey();
        // Authenticated, then not found: the key's identity is now cached here.
        assertEquals(404, ping(key, url, "unknown-session"));

        pool.preparedQuery("update api_key set revoked_at = now() where key_hash = $1").execute(Tuple.of(Sha256.hex(key)))
                .await().indefinitely();
        assertEquals(404, ping(key, url, "unknown-session"), "still cached: nothing told this replica yet");

        pool.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(CONFIGURATION_CHANNEL, tenant.id())).await().indefinitely();
        assertEquals(401, within(Duration.ofSeconds(3), 401, () -> ping(key, url, "unknown-session")));
    }

    private void endElsewhere(TestTenant tenant, String sessionId, String channel) {
        Instant expires = Instant.now().plus(Duration.ofHours(1));
        pool.preparedQuery(END_ELSEWHERE).execute(Tuple.of(Sha256.hex(sessionId), tenant.id(), expires.atOffset(ZoneOffset.UTC),
                channel, Sha256.hex(sessionId) + " " + expires.getEpochSecond())).await().indefinitely();
    }

    private double notifications(String channel) {
        return metrics.counter("switchboard.cluster.notifications", "channel", channel).count();
    }


    private static String serverUrl(TestTenant tenant, String user) {
        String slug = tenant.toolkit("gone");
        String id = tenant.api().body(Map.of("name", "replicated", "toolkits", List.of(slug), "allowed_tools", List.of()))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        return "/v3/mcp/" + id + "/mcp?user_id=" + user;
    }

    /** A session of a server whose only upstream is down: it drops out, and the gateway answers pings itself. */
    private static String initialize(TestTenant tenant, String url) {
        return mcp(tenant.adminKey()).body(INIT).post(url).then().statusCode(200).extract().header("Mcp-Session-Id");
    }

    private static int ping(String apiKey, String url, String sessionId) {
        return mcp(apiKey).header("Mcp-Session-Id", sessionId).body(PING).post(url).statusCode();
    }

    private static RequestSpecification mcp(String apiKey) {
        return given().header("x-api-key", apiKey).header("Accept", "application/json, text/event-stream")
                .contentType("application/json");
    }
}

package dev.switchboard.gateway;

import static dev.switchboard.support.Api.ROOT;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import dev.switchboard.support.Eventually;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.support.LogCapture;
import dev.switchboard.support.RawMcpClient;
import dev.switchboard.support.RawMcpClient.Reply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstreams that cannot be called (an address the policy refuses, a port out of range, a credential that
 * cannot be a header) or that answer something that is not HTTP: each drops out of a session like a dead
 * upstream, at once, and neither the client nor the log learns what the upstream wrote or what the secret is.
 */
@QuarkusTest
class UpstreamFailuresTest {

    private static final String SECRET = "SECRET-TOKEN-4711";
    private static final String BANNER = "INTERNAL-BANNER-42";
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @Inject
    Vertx vertx;

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    @TestHTTPResource("/")
    URL base;

    private FakeUpstream good;
    private RawMcpClient client;

    @BeforeEach
    void startUpstream() {
        good = FakeUpstream.start(vertx).tool("work");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        good.close();
    }

    @Test
    void anAddressThatResolvesToSwitchboardItselfIsRefusedOnConnect() {
        TestTenant tenant = Api.newTenant();
        toolkit(tenant, "good", good.mcpUrl());
        // Saved: a name is judged by its addresses only when connecting, where localhost is this very service.
        toolkit(tenant, "self", "http://localhost:" + base.getPort() + "/v3/mcp/none/mcp");

        tenant.api().queryParam("refresh", true).get(ROOT + "/toolkits/self/tools")
                .then().statusCode(502)
                .body("detail", containsString("self's address is refused by the upstream address policy"));

        assertEquals(List.of("good__work"), toolNames(initialize(tenant, List.of("good", "self"), List.of())));
    }

    @Test
    void errorsAndLogsNeverQuoteWhatTheUpstreamAnswered() throws Exception {
        NetServer banner = vertx.createNetServer().connectHandler(socket -> socket.end(Buffer.buffer(BANNER + " ready\r\n\r\n")));
        RawMcpClient.await(banner.listen(0, "127.0.0.1"));
        TestTenant tenant = Api.newTenant();
        toolkit(tenant, "good", good.mcpUrl());
        toolkit(tenant, "internal", "http://127.0.0.1:" + banner.actualPort() + "/mcp");
        try (LogCapture log = LogCapture.start()) {
            tenant.api().queryParam("refresh", true).get(ROOT + "/toolkits/internal/tools")
                    .then().statusCode(502)
                    .body("detail", containsString("The upstream of toolkit 'internal' did not list its tools: internal "))
                    .body(not(containsString(BANNER)));
            assertEquals(List.of("good__work"), toolNames(initialize(tenant, List.of("good", "internal"), List.of())));
            assertFalse(log.text().contains(BANNER), log.text());
        } finally {
            RawMcpClient.await(banner.close());
        }
    }

    @Test
    void aStoredCredentialThatCannotBeAHeaderDropsOutAtOnceAndStaysSecret() {
        FakeUpstream guarded = FakeUpstream.start(vertx).tool("secret_work");
        try (LogCapture log = LogCapture.start()) {
            TestTenant tenant = Api.newTenant();
            toolkit(tenant, "good", good.mcpUrl());
            toolkit(tenant, "guarded", guarded.mcpUrl());
            String authConfig = tenant.authConfig("guarded", "BEARER_TOKEN", Map.of("token", "placeholder"));
            // As saved before header values were checked: a control character inside the token.
            SecretCipher.Sealed sealed = secrets.require().seal(SECRET + "\u0001tail",
                    AuthConfigEntity.secretBinding(tenant.id(), authConfig));
            pool.preparedQuery("update auth_config set secret_ciphertext = $1, secret_key_id = $2 where id = $3")
                    .execute(Tuple.of(Buffer.buffer(sealed.bytes()), sealed.keyId(), authConfig))
                    .await().atMost(Duration.ofSeconds(10));

            long started = System.nanoTime();
            tenant.api().queryParam("auth_config_id", authConfig).queryParam("refresh", true).get(ROOT + "/toolkits/guarded/tools")
                    .then().statusCode(502)
                    .body("detail", containsString("its credential is not a valid HTTP header value"))
                    .body(not(containsString(SECRET)));
            JsonObject tools = initialize(tenant, List.of("good", "guarded"), List.of(authConfig));

            assertEquals(List.of("good__work"), toolNames(tools));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(PROMPTLY.multipliedBy(2)) < 0);
            assertTrue(guarded.received().isEmpty(), "nothing reached the upstream: " + guarded.received());
            assertFalse(log.text().contains(SECRET), log.text());
        } finally {
            guarded.close();
        }
    }

    @Test
    void anUpstreamPortOutOfRangeDropsOutAtOnce() {
        TestTenant tenant = Api.newTenant();
        toolkit(tenant, "good", good.mcpUrl());
        toolkit(tenant, "broken", good.mcpUrl());
        // As saved before ports were checked.
        pool.preparedQuery("update toolkit set mcp_url = $1 where tenant_id = $2 and slug = 'broken'")
                .execute(Tuple.of("http://127.0.0.1:99999/mcp", tenant.id())).await().atMost(Duration.ofSeconds(10));

        tenant.api().queryParam("refresh", true).get(ROOT + "/toolkits/broken/tools").then().statusCode(502);
        assertEquals(List.of("good__work"), toolNames(initialize(tenant, List.of("good", "broken"), List.of())));
    }

    /** A 405 to the gateway's GET is an answer, not a failure: nothing is logged for it. */
    @Test
    void anUpstreamWithoutAStandaloneStreamLogsNothingWhenAClientListens() {
        FakeUpstream streamless = FakeUpstream.start(vertx).tool("quiet_work").withoutStandaloneStream();
        TestTenant tenant = Api.newTenant();
        toolkit(tenant, "streamless", streamless.mcpUrl());
        try (LogCapture log = LogCapture.start()) {
            initialize(tenant, List.of("streamless"), List.of());
            client.listen();
            assertEquals(1, Eventually.within(Duration.ofSeconds(20), 1, () -> (int) streamless.received().stream()
                    .filter(r -> r.method() == io.vertx.core.http.HttpMethod.GET).count()));
            // The dropped answer fails asynchronously: give it time to be logged, if it is.
            assertEquals(0, Eventually.within(Duration.ofSeconds(3), 1, () -> log.text().contains("Stream reset") ? 1 : 0),
                    log.text());
        } finally {
            streamless.close();
        }
    }

    @Test
    void anUpstreamThatDoesNotAnswerAListWithinItsTimeoutIsLeftOutOfIt() {
        FakeUpstream stuck = FakeUpstream.start(vertx).tool("never").withoutListAnswers();
        try (LogCapture log = LogCapture.start()) {
            TestTenant tenant = Api.newTenant();
            toolkit(tenant, "good", good.mcpUrl());
            tenant.api().body(Map.of("slug", "stuck", "name", "stuck", "mcp_url", stuck.mcpUrl(), "timeout_ms", 300))
                    .post(ROOT + "/toolkits").then().statusCode(201);

            assertEquals(List.of("good__work"), toolNames(initialize(tenant, List.of("good", "stuck"), List.of())));
            assertTrue(stuck.received().stream().anyMatch(request -> "tools/list".equals(request.rpcMethod())), "stuck was asked");
            // The request's idle timeout and the exchange's own bound are equal; either may be the one that ends it.
            assertTrue(log.text().contains("Upstream stuck left out of tools/list"), log.text());
        } finally {
            stuck.close();
        }
    }

    private static void toolkit(TestTenant tenant, String slug, String url) {
        tenant.api().body(Map.of("slug", slug, "name", slug, "mcp_url", url)).post(ROOT + "/toolkits").then().statusCode(201);
    }

    /** Saves a server with these toolkits, initializes a client session on it (promptly) and answers tools/list. */
    private JsonObject initialize(TestTenant tenant, List<String> toolkits, List<String> authConfigs) {
        String id = tenant.api().body(Map.of("name", "failures", "toolkits", toolkits, "auth_config_ids", authConfigs,
                        "allowed_tools", List.of()))
                .post(ROOT + "/mcp/servers/custom").then().statusCode(201).extract().path("id");
        client = new RawMcpClient(vertx, base, "/v3/mcp/" + id + "/mcp?user_id=u", tenant.adminKey());
        long started = System.nanoTime();
        client.initialize(new JsonObject());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(PROMPTLY) < 0, "initialize took " + took);
        Reply reply = client.post(RawMcpClient.request(2, "tools/list", new JsonObject()));
        assertEquals(200, reply.status());
        return reply.json();
    }

    private static List<String> toolNames(JsonObject answer) {
        return answer.getJsonObject("result").getJsonArray("tools").stream()
                .map(tool -> ((JsonObject) tool).getString("name")).sorted().toList();
    }
}

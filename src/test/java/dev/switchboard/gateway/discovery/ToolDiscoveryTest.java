package dev.switchboard.gateway.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.UpstreamTransportKind;
import dev.switchboard.support.FakeUpstream;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tool discovery cache: one answer per tenant, URL and credential, and never more than its bound. */
@QuarkusTest
class ToolDiscoveryTest {

    @Inject
    ToolDiscovery discovery;

    @Inject
    Vertx vertx;

    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start(vertx).tool("work");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private UpstreamTarget target() {
        return new UpstreamTarget("shared", upstream.mcpUrl(), UpstreamTransportKind.STREAMABLE_HTTP, null, null);
    }

    /** Lists the upstream's tools for a tenant, on an event loop as the REST API and the server check do. */
    private void list(String tenant) {
        CompletableFuture<List<JsonNode>> listed = new CompletableFuture<>();
        vertx.runOnContext(v -> discovery.tools(new TenantId(tenant), target(), false)
                .subscribe().with(listed::complete, listed::completeExceptionally));
        try {
            listed.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("tools of " + tenant + " not listed", e);
        }
    }

    private long initializes() {
        return upstream.received().stream().filter(r -> "initialize".equals(r.rpcMethod())).count();
    }

    @Test
    void aTenantNeverGetsAnAnswerFetchedForAnother() {
        list("tenant-a");
        list("tenant-a");
        assertEquals(1, initializes(), "the same tenant's second listing is cached");

        list("tenant-b");
        assertEquals(2, initializes(), "another tenant's listing asks the upstream itself");
    }

    @Test
    void theCacheStaysWithinItsBound() {
        for (int i = 0; i <= ToolDiscovery.MAX_ENTRIES + 5; i++) {
            list("bounded-" + i);
            assertTrue(discovery.cachedEntries() <= ToolDiscovery.MAX_ENTRIES, "entries: " + discovery.cachedEntries());
        }
    }
}

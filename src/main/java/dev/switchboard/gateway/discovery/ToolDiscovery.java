package dev.switchboard.gateway.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ListKind;
import dev.switchboard.gateway.fanout.UpstreamLists;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.upstream.UpstreamHandshake;
import dev.switchboard.gateway.upstream.Upstreams;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * Lists an upstream's tools outside any client session (for the tool discovery API and for checking
 * allowed tools when a server is saved): a short-lived upstream session, all pages, then DELETE.
 * Answers are cached for a minute per tenant, upstream URL and credential (a tenant never gets an answer
 * fetched for another, even for the same URL), at most {@value #MAX_ENTRIES} of them; {@code refresh}
 * bypasses the cache.
 */
@ApplicationScoped
public class ToolDiscovery {

    private static final Duration TTL = Duration.ofMinutes(1);
    static final int MAX_ENTRIES = 1_000;

    private final ShortLivedCache<List<JsonNode>> cache = new ShortLivedCache<>(TTL, MAX_ENTRIES);

    @Inject
    UpstreamHandshake handshake;

    @Inject
    Upstreams upstreams;

    @Inject
    UpstreamLists lists;

    public Uni<List<JsonNode>> tools(TenantId tenant, UpstreamTarget target, boolean refresh) {
        String key = key(tenant, target);
        if (refresh) {
            cache.remove(key);
        }
        return cache.get(key, tools -> tenant.value(), () -> fetch(target));
    }

    /** How many answers are kept now. */
    int cachedEntries() {
        return cache.size();
    }

    static String key(TenantId tenant, UpstreamTarget target) {
        String credential = target.credential() == null ? ""
                : target.credential().headerName() + ":" + Sha256.hex(target.credential().headerValue());
        return tenant.value() + "|" + target.url() + "|" + target.transport() + "|" + credential;
    }

    private Uni<List<JsonNode>> fetch(UpstreamTarget target) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("protocolVersion", ProtocolVersions.LATEST);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "switchboard-discovery").put("version", "0.1.0");
        return handshake.open(target, params).chain(session -> lists.drain(target, session, ListKind.TOOLS)
                .call(() -> upstreams.of(target, session).close(target, session.sessionId(), session.protocolVersion())
                        .onFailure().recoverWithNull()));
    }
}

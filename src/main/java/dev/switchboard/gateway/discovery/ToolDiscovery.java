package dev.switchboard.gateway.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ListKind;
import dev.switchboard.gateway.fanout.UpstreamLists;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.upstream.UpstreamHandshake;
import dev.switchboard.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lists an upstream's tools outside any client session (for the tool discovery API and for checking
 * allowed tools when a server is saved): a short-lived upstream session, all pages, then DELETE.
 * Answers are cached for a minute per upstream URL and credential; {@code refresh} bypasses the cache.
 */
@ApplicationScoped
public class ToolDiscovery {

    private static final Duration TTL = Duration.ofMinutes(1);

    private record Cached(List<JsonNode> tools, Instant expires) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    UpstreamHandshake handshake;

    @Inject
    Upstreams upstreams;

    @Inject
    UpstreamLists lists;

    public Uni<List<JsonNode>> tools(UpstreamTarget target, boolean refresh) {
        String key = target.url() + "|" + (target.credential() == null ? "" : target.credential().headerName()
                + ":" + target.credential().headerValue().hashCode());
        Cached cached = cache.get(key);
        if (!refresh && cached != null && cached.expires().isAfter(Instant.now())) {
            return Uni.createFrom().item(cached.tools());
        }
        return fetch(target).invoke(tools -> cache.put(key, new Cached(tools, Instant.now().plus(TTL))));
    }

    private Uni<List<JsonNode>> fetch(UpstreamTarget target) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("protocolVersion", ProtocolVersions.LATEST);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "switchboard-discovery").put("version", "0.1.0");
        return handshake.open(target, params).chain(session -> lists.drain(target, session, ListKind.TOOLS)
                .call(() -> upstreams.of(target).close(target, session.sessionId(), session.protocolVersion())
                        .onFailure().recoverWithNull()));
    }
}

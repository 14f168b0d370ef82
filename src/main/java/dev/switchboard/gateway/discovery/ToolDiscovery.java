package dev.switchboard.gateway.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.jsonrpc.JsonRpc;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.transport.ProtocolVersions;
import dev.switchboard.gateway.upstream.UpstreamClient;
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
    private static final int MAX_PAGES = 50;

    private record Cached(List<JsonNode> tools, Instant expires) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    UpstreamClient upstreams;

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
        return upstreams.open(target, params).chain(session -> page(target, session, null, new ArrayList<>(), 0)
                .call(() -> session.sessionId() == null ? Uni.createFrom().voidItem()
                        : upstreams.delete(target, session.sessionId(), session.protocolVersion())
                                .onFailure().recoverWithNull()));
    }

    /** Every page of an upstream's tools, following {@code nextCursor}. */
    public Uni<List<JsonNode>> page(UpstreamTarget target, UpstreamSession session, String cursor, List<JsonNode> into,
            int pages) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        ObjectNode request = JsonRpc.request(JsonNodeFactory.instance.textNode("switchboard-tools-" + pages), "tools/list", params);
        return upstreams.call(target, session.sessionId(), session.protocolVersion(), request).chain(answer -> {
            JsonNode result = answer.result();
            if (result == null) {
                throw new IllegalStateException("tools/list failed: " + answer.response().path("error"));
            }
            result.path("tools").forEach(into::add);
            String next = result.path("nextCursor").asText(null);
            return next == null || next.isEmpty() || pages + 1 >= MAX_PAGES
                    ? Uni.createFrom().item(into)
                    : page(target, session, next, into, pages + 1);
        });
    }
}

package dev.switchboard.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.upstream.Upstreams;
import dev.switchboard.gateway.upstream.UpstreamException;
import dev.switchboard.gateway.upstream.UpstreamSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Drains one upstream's list, following {@code nextCursor} page by page (bounded, against a cursor loop). */
@ApplicationScoped
public class UpstreamLists {

    private static final int MAX_PAGES = 50;

    @Inject
    Upstreams upstreams;

    public Uni<List<JsonNode>> drain(UpstreamTarget target, UpstreamSession session, ListKind kind) {
        return page(target, session, kind, null, new ArrayList<>(), 0);
    }

    private Uni<List<JsonNode>> page(UpstreamTarget target, UpstreamSession session, ListKind kind, String cursor,
            List<JsonNode> into, int pages) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        ObjectNode request = JsonRpc.request(MessageIds.gateway(kind.method + "#" + pages), kind.method, params);
        return upstreams.of(target, session).call(target, session.sessionId(), session.protocolVersion(), request).chain(answer -> {
            JsonNode result = answer.result();
            if (result == null) {
                throw new UpstreamException(target.slug() + " answered " + kind.method + " with an error", 200);
            }
            result.path(kind.field).forEach(into::add);
            String next = result.path("nextCursor").asText(null);
            return next == null || next.isEmpty() || pages + 1 >= MAX_PAGES
                    ? Uni.createFrom().item(into)
                    : page(target, session, kind, next, into, pages + 1);
        });
    }
}

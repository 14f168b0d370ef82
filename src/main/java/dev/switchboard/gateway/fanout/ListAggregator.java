package dev.switchboard.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.upstream.UpstreamSessions;
import dev.switchboard.gateway.upstream.UpstreamSession;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The lists a client sees (tools, prompts, resources, resource templates): every upstream's list,
 * fetched in parallel and drained of all its pages, namespaced, tools filtered by the server's allowed
 * tools, then served to the client in pages of its own. Fails open: an upstream that errs or times out
 * is left out (logged and counted), never failing the list.
 */
@ApplicationScoped
public class ListAggregator {

    private static final Logger LOG = Logger.getLogger(ListAggregator.class);
    private static final String CURSOR_PREFIX = "offset:";

    /** One item of a merged list, exposed, with the slug of the toolkit that owns it. */
    public record Listed(String slug, String upstreamKey, ObjectNode item) {
    }

    @Inject
    UpstreamLists lists;

    @Inject
    UpstreamSessions sessions;

    @Inject
    MeterRegistry metrics;

    public Uni<List<Listed>> list(ResolvedServer server, McpSessionState state, String clientSessionId, ListKind kind) {
        List<Uni<List<Listed>>> perUpstream = new ArrayList<>();
        for (UpstreamTarget target : server.upstreams()) {
            UpstreamSession session = state.upstreams().get(target.slug());
            if (session != null && target.isUsable() && (kind == ListKind.TOOLS || session.can(kind.capability))) {
                perUpstream.add(sessions.withSession(clientSessionId, target, state, session, (settled, s) -> lists.drain(settled, s, kind))
                        .map(items -> expose(server, target.slug(), kind, items))
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Upstream %s left out of %s of server %s: %s", target.slug(), kind.method, server.id(),
                                    failure.getMessage());
                            metrics.counter("switchboard.gateway.upstream.failures", "operation", kind.method).increment();
                            return List.of();
                        }));
            }
        }
        if (perUpstream.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(perUpstream).andFailFast().map(results -> merge(server, kind, results));
    }

    /** Whether a client may use this tool of this server: the prefixed or the bare name is allowed, or all are. */
    public static boolean allowed(ResolvedServer server, String slug, String upstreamName) {
        return server.allowedTools().isEmpty()
                || server.allowedTools().contains(Namespace.expose(slug, upstreamName))
                || server.allowedTools().contains(upstreamName);
    }

    /**
     * One page of a merged list as a result object. The cursor is an offset: the client sees the same
     * order on every page because the upstreams' lists are merged in the server's toolkit order.
     */
    public static ObjectNode page(List<Listed> all, ListKind kind, String cursor, int pageSize) {
        int from = offset(cursor);
        int to = Math.min(all.size(), from + pageSize);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode items = result.putArray(kind.field);
        all.subList(Math.min(from, all.size()), to).forEach(listed -> items.add(listed.item()));
        if (to < all.size()) {
            result.put("nextCursor", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((CURSOR_PREFIX + to).getBytes(StandardCharsets.UTF_8)));
        }
        return result;
    }

    /** The offset a cursor stands for; {@link IllegalArgumentException} when the cursor is not one of ours. */
    static int offset(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(CURSOR_PREFIX)) {
                int offset = Integer.parseInt(text.substring(CURSOR_PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("Invalid cursor");
    }

    /** Renames the items in place: each list is parsed afresh from its upstream's answer and belongs to this call. */
    private static List<Listed> expose(ResolvedServer server, String slug, ListKind kind, List<JsonNode> items) {
        List<Listed> exposed = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            String key = item.path(kind.key).asText(null);
            if (!(item instanceof ObjectNode object) || key == null
                    || kind == ListKind.TOOLS && !allowed(server, slug, key)) {
                continue;
            }
            object.put(kind.key, kind.isUri() ? Namespace.exposeUri(server.prefixNames(), slug, key)
                    : Namespace.expose(server.prefixNames(), slug, key));
            exposed.add(new Listed(slug, key, object));
        }
        return exposed;
    }

    /** In toolkit order; with the prefix off, a name a second upstream also offers is left out (logged). */
    private List<Listed> merge(ResolvedServer server, ListKind kind, List<List<Listed>> results) {
        List<Listed> merged = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<Listed> items : results) {
            for (Listed listed : items) {
                if (seen.add(listed.item().path(kind.key).asText())) {
                    merged.add(listed);
                } else {
                    LOG.warnf("%s '%s' of toolkit %s hidden on server %s: another toolkit has the same name",
                            kind.field, listed.upstreamKey(), listed.slug(), server.id());
                }
            }
        }
        return merged;
    }
}

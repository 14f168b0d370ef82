package dev.switchboard.gateway.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.discovery.ToolDiscovery;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The tools a client sees: every upstream's tools, fetched in parallel (all pages), namespaced and
 * filtered by the server's allowed tools. Fails open: an upstream that errs or times out is left out.
 */
@ApplicationScoped
public class ToolCatalog {

    private static final Logger LOG = Logger.getLogger(ToolCatalog.class);

    @Inject
    ToolDiscovery discovery;

    @Inject
    MeterRegistry metrics;

    public Uni<ArrayNode> list(ResolvedServer server, Map<String, UpstreamSession> sessions) {
        List<Uni<List<JsonNode>>> perUpstream = new ArrayList<>();
        for (UpstreamTarget target : server.upstreams()) {
            UpstreamSession session = sessions.get(target.slug());
            if (session != null) {
                perUpstream.add(toolsOf(server, target, session));
            }
        }
        if (perUpstream.isEmpty()) {
            return Uni.createFrom().item(JsonNodeFactory.instance.arrayNode());
        }
        return Uni.join().all(perUpstream).andFailFast().map(lists -> {
            ArrayNode tools = JsonNodeFactory.instance.arrayNode();
            lists.forEach(tools::addAll);
            return tools;
        });
    }

    /** Whether a client may call this exposed tool name on this server. */
    public static boolean allowed(ResolvedServer server, String slug, String upstreamName) {
        return server.allowedTools().isEmpty()
                || server.allowedTools().contains(ToolNamespace.expose(slug, upstreamName))
                || server.allowedTools().contains(upstreamName);
    }

    private Uni<List<JsonNode>> toolsOf(ResolvedServer server, UpstreamTarget target, UpstreamSession session) {
        return discovery.page(target, session, null, new ArrayList<>(), 0)
                .map(tools -> tools.stream().filter(t -> allowed(server, target.slug(), t.path("name").asText()))
                        .map(t -> (JsonNode) ((ObjectNode) t.deepCopy()).put("name", ToolNamespace.expose(target.slug(), t.path("name").asText())))
                        .toList())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Upstream %s left out of tools/list of server %s: %s", target.slug(), server.id(), failure.getMessage());
                    metrics.counter("switchboard.gateway.upstream.failures", "operation", "tools/list").increment();
                    return List.of();
                });
    }
}

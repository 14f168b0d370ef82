package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The 2025 upstreams' resource subscriptions ({@code resources/subscribe}) the gateway holds for stateless clients'
 * {@code subscriptions/listen} streams. Several streams of one user share the pooled upstream session
 * ({@link UpstreamSessionPool}), and an upstream keeps one subscription per session and URI: the first stream
 * that watches a URI subscribes, the last one that stops unsubscribes.
 */
@ApplicationScoped
public class ResourceWatches {

    private static final Logger LOG = Logger.getLogger(ResourceWatches.class);

    /** Streams watching one URI of one upstream session, and whether the upstream accepted the subscription. */
    private static final class Watch {
        int streams;
        Uni<Boolean> subscribed;
    }

    private final Map<String, Watch> watches = new HashMap<>();

    @Inject
    UpstreamSessions sessions;

    @Inject
    Upstreams upstreams;

    /** Adds a stream watching the URI; answers whether the upstream accepted the subscription. */
    public Uni<Boolean> watch(String poolKey, UpstreamTarget target, McpSessionState state, String upstreamUri) {
        String key = key(poolKey, target, upstreamUri);
        synchronized (watches) {
            Watch watch = watches.computeIfAbsent(key, k -> new Watch());
            watch.streams++;
            if (watch.subscribed == null) {
                watch.subscribed = exchange(poolKey, target, state, "resources/subscribe", upstreamUri)
                        .memoize().indefinitely();
            }
            return watch.subscribed;
        }
    }

    /** Removes a stream watching the URI; the last one unsubscribes upstream (not waited for). */
    public void unwatch(String poolKey, UpstreamTarget target, McpSessionState state, String upstreamUri) {
        String key = key(poolKey, target, upstreamUri);
        Uni<Boolean> subscribed;
        synchronized (watches) {
            Watch watch = watches.get(key);
            if (watch == null || --watch.streams > 0) {
                return;
            }
            watches.remove(key);
            subscribed = watch.subscribed;
        }
        subscribed.chain(accepted -> accepted ? exchange(poolKey, target, state, "resources/unsubscribe", upstreamUri)
                        : Uni.createFrom().item(false))
                .subscribe().with(done -> {
                }, failure -> LOG.debugf("Unsubscribing from %s failed: %s", target.slug(), failure.getMessage()));
    }

    private Uni<Boolean> exchange(String poolKey, UpstreamTarget target, McpSessionState state, String method, String uri) {
        UpstreamSession session = state.upstreams().get(target.slug());
        if (session == null || !session.can("resources.subscribe")) {
            return Uni.createFrom().item(false);
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("uri", uri);
        return sessions.withSession(poolKey, target, state, session, (settled, current) -> upstreams.of(settled, current)
                        .call(settled, current.sessionId(), current.protocolVersion(),
                                JsonRpc.request(MessageIds.gateway(method), method, params)))
                .map(answer -> answer.response() != null && answer.result() != null)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("%s %s at %s failed: %s", method, uri, target.slug(), failure.getMessage());
                    return false;
                });
    }

    private static String key(String poolKey, UpstreamTarget target, String upstreamUri) {
        return poolKey + "|" + target.slug() + "|" + upstreamUri;
    }
}

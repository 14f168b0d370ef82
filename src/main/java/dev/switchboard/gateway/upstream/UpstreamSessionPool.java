package dev.switchboard.gateway.upstream;

import dev.switchboard.common.cache.LeastRecentlyUsed;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The upstream sessions behind stateless (2026-07-28) clients, which open none themselves: the gateway
 * opens one with every upstream of a server for each user, the first time that user's request needs them,
 * and shares them among all that user's requests on this replica. An upstream that loses its session is
 * re-initialized by {@link UpstreamSessions} under the pool's key, as for a session-based client; one that
 * could not be reached is tried again on a request after {@link #RETRY_MISSING_NANOS}, and a server that
 * gained a toolkit gets a new set at once. Bounded, least recently used out.
 */
@ApplicationScoped
public class UpstreamSessionPool {

    private static final int MAX_POOLED = 10_000;
    private static final long RETRY_MISSING_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final String KEY_PREFIX = "stateless:";

    /** One user's sessions with one server's upstreams, being opened or open. */
    private static final class Pooled {
        final Set<String> attempted;
        final long openedAt = System.nanoTime();
        Uni<McpSessionState> state;
        volatile boolean missing;

        Pooled(Set<String> attempted) {
            this.attempted = attempted;
        }
    }

    private final Map<String, Pooled> pooled = LeastRecentlyUsed.synchronizedMap(MAX_POOLED);

    @Inject
    UpstreamHandshake handshake;

    @Inject
    UpstreamSessions sessions;

    /**
     * The key the pool keeps a user's sessions with a server under; it stands for a client session id
     * where the gateway's session machinery asks for one, and cannot be mistaken for a sealed one.
     */
    public static String key(GatewayCall call) {
        ResolvedServer server = call.server();
        return KEY_PREFIX + server.tenantId().value() + ":" + server.id() + ":" + call.userId();
    }

    /** The user's sessions with every upstream of the server (an upstream that cannot be reached is absent). */
    public Uni<McpSessionState> sessionsFor(GatewayCall call) {
        String key = key(call);
        Pooled entry;
        synchronized (pooled) {
            entry = pooled.get(key);
            if (entry == null || outdated(entry, call.server())) {
                entry = open(call);
                pooled.put(key, entry);
            }
        }
        Pooled used = entry;
        return entry.state.onFailure().invoke(() -> pooled.remove(key, used)).map(state -> sessions.effective(key, state, call.server()));
    }

    private static boolean outdated(Pooled entry, ResolvedServer server) {
        return entry.missing && System.nanoTime() - entry.openedAt > RETRY_MISSING_NANOS
                || server.upstreams().stream().anyMatch(target -> !entry.attempted.contains(target.slug()));
    }

    private Pooled open(GatewayCall call) {
        ResolvedServer server = call.server();
        // What a 2026-07-28 client may be asked through input_required results during a call (see PendingInputCalls),
        // each request stating whether its client allows it. Roots without listChanged: no client tells a pooled
        // session of changes, and roots asked outside any call (at initialization, by some servers) reach nobody.
        ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
        capabilities.putObject("elicitation");
        capabilities.putObject("sampling");
        capabilities.putObject("roots");
        ObjectNode clientInfo = JsonNodeFactory.instance.objectNode().put("name", "switchboard").put("version", "0.1.0");
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.set("capabilities", capabilities);
        params.set("clientInfo", clientInfo);
        String version = ProtocolVersions.LATEST;
        Pooled entry = new Pooled(server.upstreams().stream().map(UpstreamTarget::slug).collect(Collectors.toSet()));
        entry.state = handshake.initializeAll(server, params, version).map(opened -> {
            entry.missing = opened.size() < server.upstreams().size();
            return new McpSessionState(server.tenantId().value(), call.userId(), server.id(), version, opened, capabilities,
                    clientInfo, Instant.now().getEpochSecond());
        }).memoize().indefinitely();
        return entry;
    }
}

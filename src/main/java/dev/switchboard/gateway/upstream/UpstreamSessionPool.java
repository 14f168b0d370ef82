package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.cache.LeastRecentlyUsed;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The upstream sessions behind stateless (2026-07-28) clients, which open none themselves: the gateway
 * opens one with every upstream of a server for each user, the first time that user's request needs them,
 * and shares them among all that user's requests on this replica. An upstream that loses its session is
 * re-initialized by {@link UpstreamSessions} under the pool's key, as for a session-based client; one that
 * could not be reached is tried again on a request after {@link #RETRY_MISSING_NANOS}, and a server that
 * gained a toolkit gets a new set at once.
 * <p>
 * Bounded in number (the set used least recently goes) and in idleness (a set no call used for the configured
 * idle time goes, found by one periodic sweep per replica). A set that goes is ended upstream, as a client's
 * {@code DELETE} ends its sessions, once the last call using it finishes: nothing waits for that, and an upstream
 * that does not answer is let be.
 */
@Singleton
public class UpstreamSessionPool {

    private static final Logger LOG = Logger.getLogger(UpstreamSessionPool.class);
    private static final long RETRY_MISSING_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long LONGEST_SWEEP_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final String KEY_PREFIX = "stateless:";

    /** One user's sessions with one server's upstreams, being opened or open, and the calls using them. */
    private static final class Pooled {
        final String key;
        /** The server as it was when the sessions were opened: they are ended with its targets and credentials. */
        final ResolvedServer server;
        final Set<String> attempted;
        final long openedAt = System.nanoTime();
        Uni<McpSessionState> state;
        volatile McpSessionState opened;
        volatile boolean missing;
        // Guarded by this entry.
        private long lastUsed = openedAt;
        private int inUse;
        private boolean retired;
        private Map<String, UpstreamSession> reopened = Map.of();
        /** The last server object found to add no upstream to {@link #attempted}; guarded by the pool's map. */
        private ResolvedServer covering;

        Pooled(String key, ResolvedServer server) {
            this.key = key;
            this.server = server;
            this.attempted = server.upstreams().stream().map(UpstreamTarget::slug).collect(Collectors.toSet());
            this.covering = server;
        }

        synchronized void acquire() {
            inUse++;
            lastUsed = System.nanoTime();
        }

        /** Whether the last call using a retired entry just finished (its sessions may be ended now). */
        synchronized boolean release() {
            inUse--;
            lastUsed = System.nanoTime();
            return retired && inUse == 0;
        }

        synchronized boolean idle(long now, long idleNanos) {
            return inUse == 0 && now - lastUsed > idleNanos;
        }

        /** Whether no call uses the entry (its sessions may be ended now); later calls cannot reach it any more. */
        synchronized boolean retire(Map<String, UpstreamSession> reopened) {
            retired = true;
            this.reopened = reopened;
            return inUse == 0;
        }
    }

    @Inject
    UpstreamHandshake handshake;

    @Inject
    UpstreamSessions sessions;

    @Inject
    Upstreams upstreams;

    @Inject
    SwitchboardConfig config;

    @Inject
    Vertx vertx;

    private Map<String, Pooled> pooled;
    private long sweeper;

    @PostConstruct
    void start() {
        pooled = Collections.synchronizedMap(LeastRecentlyUsed.map(Math.max(1, config.gateway().pooledSessionLimit()),
                (key, evicted) -> retire(evicted)));
        long idleMillis = config.gateway().pooledSessionIdleTimeout().toMillis();
        sweeper = vertx.setPeriodic(Math.max(100, Math.min(idleMillis / 2, LONGEST_SWEEP_MILLIS)), tick -> sweep());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(sweeper);
        List<Pooled> all;
        synchronized (pooled) {
            all = new ArrayList<>(pooled.values());
            pooled.clear();
        }
        all.forEach(this::retire);
    }

    /**
     * The key the pool keeps a user's sessions with a server under; it stands for a client session id
     * where the gateway's session machinery asks for one, and cannot be mistaken for a sealed one.
     */
    public static String key(GatewayCall call) {
        ResolvedServer server = call.server();
        return KEY_PREFIX + server.tenantId().value() + ":" + server.id() + ":" + call.userId();
    }

    /**
     * Runs {@code work} with the user's sessions with every upstream of the server (an upstream that cannot be reached
     * is absent); they stay open at least until what {@code work} answers has ended.
     */
    public <T> Uni<T> using(GatewayCall call, Function<McpSessionState, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            String key = key(call);
            Pooled entry;
            synchronized (pooled) {
                entry = pooled.get(key);
                if (entry == null || outdated(entry, call.server())) {
                    if (entry != null) {
                        pooled.remove(key);
                        retire(entry);
                    }
                    entry = open(key, call);
                    pooled.put(key, entry);
                }
                entry.acquire();
            }
            Pooled used = entry;
            return entry.state.onFailure().invoke(() -> pooled.remove(key, used))
                    .map(state -> sessions.effective(key, state, call.server()))
                    .chain(state -> work.apply(state))
                    .onTermination().invoke(() -> {
                        if (used.release()) {
                            end(used);
                        }
                    });
        });
    }

    /**
     * Whether the entry must be opened again: an upstream it lacks is due for another try, or the server has one it
     * never tried. A server is kept as one object between its changes, so the latter is looked at once per object.
     */
    private static boolean outdated(Pooled entry, ResolvedServer server) {
        if (entry.missing && System.nanoTime() - entry.openedAt > RETRY_MISSING_NANOS) {
            return true;
        }
        if (server == entry.covering) {
            return false;
        }
        for (UpstreamTarget target : server.upstreams()) {
            if (!entry.attempted.contains(target.slug())) {
                return true;
            }
        }
        entry.covering = server;
        return false;
    }

    private Pooled open(String key, GatewayCall call) {
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
        Pooled entry = new Pooled(key, server);
        entry.state = handshake.initializeAll(server, params, version).map(opened -> {
            entry.missing = opened.size() < server.upstreams().size();
            entry.opened = new McpSessionState(server.tenantId().value(), call.userId(), server.id(), version, opened, capabilities,
                    clientInfo, Instant.now().getEpochSecond());
            return entry.opened;
        }).memoize().indefinitely();
        return entry;
    }

    /** Drops the sets no call used for the idle time; runs on the event loop, and only hands their ending on. */
    private void sweep() {
        long now = System.nanoTime();
        long idleNanos = config.gateway().pooledSessionIdleTimeout().toNanos();
        List<Pooled> idle = new ArrayList<>();
        synchronized (pooled) {
            for (Iterator<Pooled> entries = pooled.values().iterator(); entries.hasNext();) {
                Pooled entry = entries.next();
                if (entry.idle(now, idleNanos)) {
                    entries.remove();
                    idle.add(entry);
                }
            }
        }
        if (!idle.isEmpty()) {
            LOG.debugf("%d idle sets of pooled upstream sessions dropped", idle.size());
        }
        idle.forEach(this::retire);
    }

    /** An entry no longer in the pool: its sessions are ended once no call uses them. */
    private void retire(Pooled entry) {
        // Sessions opened again under the key belong to this entry; the key's next entry opens its own.
        if (entry.retire(sessions.forget(entry.key, entry.attempted))) {
            end(entry);
        }
    }

    /** Ends the entry's sessions upstream without waiting; an upstream that fails to answer is let be (logged at debug). */
    private void end(Pooled entry) {
        List<Map.Entry<String, UpstreamSession>> toEnd = new ArrayList<>();
        if (entry.opened != null) {
            toEnd.addAll(entry.opened.upstreams().entrySet());
        }
        synchronized (entry) {
            toEnd.addAll(entry.reopened.entrySet());
        }
        for (Map.Entry<String, UpstreamSession> ending : toEnd) {
            UpstreamTarget target = entry.server.upstream(ending.getKey());
            UpstreamSession session = ending.getValue();
            if (target == null || !target.isUsable() || session.sessionId() == null) {
                continue;
            }
            upstreams.of(target, session).close(target, session.sessionId(), session.protocolVersion()).subscribe().with(
                    closed -> LOG.debugf("Pooled session with %s ended", target.slug()),
                    failure -> LOG.debugf("Pooled session with %s not ended upstream: %s", target.slug(), failure.getMessage()));
        }
    }
}

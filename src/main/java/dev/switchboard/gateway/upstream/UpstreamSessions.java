package dev.switchboard.gateway.upstream;

import dev.switchboard.common.cache.LeastRecentlyUsed;
import dev.switchboard.gateway.CredentialRenewal;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Upstream sessions opened again after an upstream lost one (it restarted, or expired the session): the
 * upstream answers 404 and the gateway re-initializes it transparently with what the client declared.
 * (Some upstreams answer 400 rather than 404; see {@link UpstreamException#isSessionLost}.)
 * The client's sealed {@code Mcp-Session-Id} cannot change mid-session, so each replica remembers the
 * replacements it opened (bounded, least recently used out); another replica that meets the same 404
 * opens its own, which the upstream serves just as well.
 */
@Singleton
public class UpstreamSessions {

    private static final Logger LOG = Logger.getLogger(UpstreamSessions.class);
    private static final int MAX_REPLACED = 10_000;

    private final Map<String, UpstreamSession> replaced = LeastRecentlyUsed.synchronizedMap(MAX_REPLACED);

    @Inject
    UpstreamHandshake handshake;

    @Inject
    Upstreams upstreams;

    @Inject
    MeterRegistry metrics;

    @Inject
    CredentialRenewal renewal;

    /**
     * The session to use with each upstream of the server: one this replica opened again (or opened for an upstream
     * that joined late), else the sealed one.
     */
    public McpSessionState effective(String clientSessionId, McpSessionState sealed, ResolvedServer server) {
        if (replaced.isEmpty()) {
            return sealed;
        }
        Map<String, UpstreamSession> upstreams = new LinkedHashMap<>(sealed.upstreams());
        upstreams.replaceAll((slug, session) -> replaced.getOrDefault(key(clientSessionId, slug), session));
        for (UpstreamTarget target : server.upstreams()) {
            if (!upstreams.containsKey(target.slug())) {
                UpstreamSession joined = replaced.get(key(clientSessionId, target.slug()));
                if (joined != null) {
                    upstreams.put(target.slug(), joined);
                }
            }
        }
        return new McpSessionState(sealed.tenantId(), sealed.userId(), sealed.serverId(), sealed.protocolVersion(), upstreams,
                sealed.clientCapabilities(), sealed.clientInfo(), sealed.issuedAt());
    }

    /** Opens a new session with the upstream for this client session, and remembers it. */
    public Uni<UpstreamSession> reopen(String clientSessionId, UpstreamTarget target, McpSessionState state) {
        LOG.infof("Upstream %s lost its session; opening a new one", target.slug());
        metrics.counter("switchboard.gateway.upstream.reinitialized").increment();
        return handshake.reopen(target, state).invoke(session -> replaced.put(key(clientSessionId, target.slug()), session));
    }

    /**
     * Opens a session with an upstream the client session began without (it could not be reached, or the user had
     * no account for it then), and remembers it like a replacement.
     */
    public Uni<UpstreamSession> join(String clientSessionId, UpstreamTarget target, McpSessionState state) {
        LOG.debugf("Upstream %s joins a session late", target.slug());
        return handshake.reopen(target, state).invoke(session -> replaced.put(key(clientSessionId, target.slug()), session));
    }

    /**
     * Runs an exchange on the upstream's session; when the upstream no longer knows the session
     * ({@link UpstreamException#isSessionLost}), opens a new session and runs the exchange once more. When it
     * refuses a credential that can be renewed (HTTP 401 to a connected account's OAuth2 token), runs it once
     * more with the renewed one ({@link CredentialRenewal}); the exchange is given the target to use.
     */
    public <T> Uni<T> withSession(String clientSessionId, UpstreamTarget target, McpSessionState state, UpstreamSession session,
            BiFunction<UpstreamTarget, UpstreamSession, Uni<T>> exchange) {
        Uni<T> first = onSession(clientSessionId, target, state, session, exchange);
        if (target.credential() == null || target.credential().renewableAccountId() == null) {
            return first;
        }
        return first.onItemOrFailure().transformToUni((answer, failure) -> {
            Uni<T> asItWas = failure != null ? Uni.createFrom().failure(failure) : Uni.createFrom().item(answer);
            if (!(failure instanceof UpstreamException e && e.status() == 401 || answer instanceof RelayedAnswer r && r.status() == 401)) {
                return asItWas;
            }
            return renewal.renewed(state.tenantId(), target.credential()).chain(renewed -> renewed == null ? asItWas
                    : onSession(clientSessionId, target.withCredential(renewed), state, session, exchange));
        });
    }

    private <T> Uni<T> onSession(String clientSessionId, UpstreamTarget target, McpSessionState state, UpstreamSession session,
            BiFunction<UpstreamTarget, UpstreamSession, Uni<T>> exchange) {
        return exchange.apply(target, session).onFailure(failure -> failure instanceof UpstreamException e && e.isSessionLost()
                && session.sessionId() != null)
                .recoverWithUni(lost -> reopen(clientSessionId, target, state).chain(reopened -> exchange.apply(target, reopened)));
    }

    /**
     * Forgets the sessions opened again for a client session with these upstreams, and answers them (by upstream),
     * so whoever ends the client session can end them upstream too.
     */
    public Map<String, UpstreamSession> forget(String clientSessionId, Collection<String> slugs) {
        Map<String, UpstreamSession> forgotten = new LinkedHashMap<>();
        for (String slug : slugs) {
            UpstreamSession session = replaced.remove(key(clientSessionId, slug));
            if (session != null) {
                forgotten.put(slug, session);
            }
        }
        return forgotten;
    }

    /** Ends every upstream session of a client session (an upstream that fails to answer is let be). */
    public Uni<Void> endAll(ResolvedServer server, McpSessionState state) {
        List<Uni<Void>> deletes = new ArrayList<>();
        state.upstreams().forEach((slug, session) -> {
            UpstreamTarget target = server.upstream(slug);
            if (target != null && target.isUsable() && session.sessionId() != null) {
                deletes.add(upstreams.of(target, session).close(target, session.sessionId(), session.protocolVersion()).onFailure().recoverWithNull());
            }
        });
        return deletes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(deletes).andCollectFailures().replaceWithVoid();
    }

    private static String key(String clientSessionId, String slug) {
        return slug + "|" + clientSessionId;
    }
}

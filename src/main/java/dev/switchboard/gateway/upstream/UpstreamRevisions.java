package dev.switchboard.gateway.upstream;

import dev.switchboard.common.cache.LeastRecentlyUsed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.UpstreamTransportKind;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.protocol.StatelessRequests;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Which MCP revision each upstream speaks, asked with {@code server/discover} before a handshake: an upstream
 * that lists 2026-07-28 is spoken to statelessly ({@link ModernHttpUpstream}); one that refuses the request
 * (an HTTP 4xx, {@code -32601}, any answer that is not a discover result) speaks 2025 and gets {@code initialize}. Kept per toolkit
 * URL for {@link #KEEP_NANOS} (an upgraded upstream is found again within that), bounded, least recently used
 * out. An upstream that could not be reached, or refused the credential, is not remembered. Legacy SSE upstreams are 2025 by definition.
 */
@ApplicationScoped
public class UpstreamRevisions {

    private static final Logger LOG = Logger.getLogger(UpstreamRevisions.class);
    private static final int MAX_REMEMBERED = 1_000;
    private static final long KEEP_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** What an upstream answered: its capabilities when it speaks 2026-07-28, null when it speaks 2025. */
    public record Revision(Set<String> modernCapabilities) {

        static final Revision SESSION_BASED = new Revision(null);

        public boolean isModern() {
            return modernCapabilities != null;
        }
    }

    private record Remembered(Revision revision, long at) {
    }

    private final Map<String, Remembered> remembered = LeastRecentlyUsed.synchronizedMap(MAX_REMEMBERED);

    @Inject
    StreamableHttpUpstream streamableHttp;

    /** The revision this upstream speaks, from memory or by asking it. */
    public Uni<Revision> of(UpstreamTarget target) {
        if (target.transport() == UpstreamTransportKind.SSE) {
            return Uni.createFrom().item(Revision.SESSION_BASED);
        }
        Remembered known = remembered.get(target.url());
        if (known != null && System.nanoTime() - known.at() < KEEP_NANOS) {
            return Uni.createFrom().item(known.revision());
        }
        return discover(target).invoke(found -> {
            if (found.conclusive()) {
                remembered.put(target.url(), new Remembered(found.revision(), System.nanoTime()));
            }
        }).map(Found::revision);
    }

    /** What one answer to {@code server/discover} says, and whether it says it of the upstream for everyone. */
    private record Found(Revision revision, boolean conclusive) {
    }

    private Uni<Found> discover(UpstreamTarget target) {
        ObjectNode request = StatelessRequests.enveloped(
                JsonRpc.request(MessageIds.gateway("discover"), "server/discover", JsonNodeFactory.instance.objectNode()),
                ModernHttpUpstream.GATEWAY_CLIENT_INFO, null);
        return streamableHttp.call(target, null, ProtocolVersions.STATELESS, request).map(answer -> {
            JsonNode result = answer.result();
            boolean modern = result != null && contains(result.get("supportedVersions"), ProtocolVersions.STATELESS);
            LOG.debugf("Upstream %s speaks %s", target.slug(), modern ? ProtocolVersions.STATELESS : "2025");
            return new Found(modern ? new Revision(UpstreamHttp.capabilities(result.path("capabilities"))) : Revision.SESSION_BASED, true);
            // Answered, but not as a 2026-07-28 server would (an HTTP error, a body that is no response): 2025. A
            // refused credential (401, 403), a limit (429) or a failure (5xx) says nothing of the revision, and is
            // not remembered: another user's credential, or a later try, may be let in.
        }).onFailure(failure -> failure instanceof UpstreamException e && e.status() > 0).recoverWithItem(failure -> {
            int status = ((UpstreamException) failure).status();
            return new Found(Revision.SESSION_BASED, status != 401 && status != 403 && status != 429 && status < 500);
        });
    }

    private static boolean contains(JsonNode versions, String version) {
        if (versions == null || !versions.isArray()) {
            return false;
        }
        for (JsonNode listed : versions) {
            if (version.equals(listed.asText())) {
                return true;
            }
        }
        return false;
    }
}

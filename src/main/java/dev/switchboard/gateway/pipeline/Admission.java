package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.fanout.Namespace;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.ratelimit.Decision;
import dev.switchboard.ratelimit.LimitedKey;
import dev.switchboard.ratelimit.McpLimits;
import dev.switchboard.ratelimit.McpTraffic;
import dev.switchboard.ratelimit.RateLimitAnswers;
import dev.switchboard.ratelimit.RateLimitStore;
import dev.switchboard.ratelimit.RateLimitStoreUnavailable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a resolved request may go on now (DESIGN §5): every JSON-RPC request is charged to the rate
 * limits of its tenant, user, server (or session) and, for {@code tools/call}, tool, all at once. Over a
 * limit it is refused (429) with the request's id and the time to wait; admitted, its answer carries the
 * RateLimit headers. Notifications, the client's answers and streams are not counted.
 */
@ApplicationScoped
public class Admission {

    /** In JSON-RPC's range for implementation-defined server errors; 429 reads in it. */
    public static final int RATE_LIMITED = -32029;

    @Inject
    McpLimits limits;

    @Inject
    RateLimitStore store;

    @Inject
    MeterRegistry metrics;

    private final Map<DecisionMeter, Counter> decisions = new ConcurrentHashMap<>();

    public Uni<Void> admit(GatewayRequest request) {
        ObjectNode message = request.message();
        if (message == null || !JsonRpc.isRequest(message) || request.call() == null) {
            return GatewayPipeline.DONE;
        }
        McpTraffic traffic = traffic(request, message);
        List<LimitedKey> keys = limits.keysAtOnce(traffic);
        return keys != null ? decide(request, keys) : limits.keysOf(traffic).chain(loaded -> decide(request, loaded));
    }

    /** At once when the store holds its counters itself (memory): then nothing is waited for, nor a Uni built. */
    private Uni<Void> decide(GatewayRequest request, List<LimitedKey> keys) {
        if (keys.isEmpty()) {
            return GatewayPipeline.DONE;
        }
        Decision decided = store.decideAtOnce(keys);
        if (decided != null) {
            decided(request, keys, decided);
            return GatewayPipeline.DONE;
        }
        return store.decide(keys)
                .onFailure(RateLimitStoreUnavailable.class).transform(failure -> Refusal.of(503, failure.getMessage()))
                .invoke(decision -> decided(request, keys, decision)).replaceWithVoid();
    }

    /** Counts the decision and answers it: the RateLimit headers when admitted, a refusal (429) otherwise. */
    private void decided(GatewayRequest request, List<LimitedKey> keys, Decision decision) {
        count(request, decision);
        answer(request, keys, decision);
    }

    private record DecisionMeter(boolean admitted, String kind, String tenant) {
    }

    /** Labels are bounded: the key kind and the tenant, never a user or tool id. Looked up once per label set. */
    private void count(GatewayRequest request, Decision decision) {
        DecisionMeter meter = new DecisionMeter(decision.admitted(),
                decision.binding() == null ? "unchecked" : decision.binding().kind().label(),
                request.call().server().tenantId().value());
        decisions.computeIfAbsent(meter, m -> metrics.counter("switchboard.ratelimit.decisions",
                "outcome", m.admitted() ? "admitted" : "refused", "kind", m.kind(), "tenant", m.tenant())).increment();
    }

    private static void answer(GatewayRequest request, List<LimitedKey> keys, Decision decision) {
        if (decision.admitted()) {
            RateLimitAnswers.write(keys, decision, request.ctx().response()::putHeader);
            return;
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("retry_after_ms", RateLimitAnswers.retryAfterMillis(decision));
        data.putObject("limit").put("key", decision.binding().kind().label()).put("rate", decision.binding().limit().rate())
                .put("window", decision.binding().limit().window().label()).put("burst", decision.binding().limit().burst());
        throw Refusal.tooManyRequests(RateLimitAnswers.describe(decision), RATE_LIMITED, data,
                RateLimitAnswers.headers(keys, decision));
    }

    private static McpTraffic traffic(GatewayRequest request, ObjectNode message) {
        GatewayCall call = request.call();
        ResolvedServer server = call.server();
        String sessionId = request.ctx().pathParam("sessionId");
        String addressed = sessionId != null ? sessionId : server.id();
        String toolkit = null;
        String tool = null;
        JsonNode name = message.path("params").path("name");
        if ("tools/call".equals(message.path("method").asText()) && name.isTextual()) {
            Namespace.Owned owned = server.prefixNames() ? Namespace.split(name.textValue()) : null;
            if (owned != null) {
                toolkit = owned.slug();
                tool = owned.name();
            } else {
                toolkit = server.upstreams().size() == 1 ? server.upstreams().get(0).slug() : "";
                tool = name.textValue();
            }
        }
        return new McpTraffic(server.tenantId().value(), call.userId(), addressed, toolkit, tool);
    }
}

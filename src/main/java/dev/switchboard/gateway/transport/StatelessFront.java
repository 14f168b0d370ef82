package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.fanout.ListKind;
import dev.switchboard.gateway.fanout.MergedCapabilities;
import dev.switchboard.gateway.fanout.MessageRoutes;
import dev.switchboard.gateway.inputrequired.PendingInputCalls;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.pipeline.GatewayRequest;
import dev.switchboard.gateway.protocol.InputRequired;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.protocol.StatelessRequests;
import dev.switchboard.gateway.protocol.StatelessResults;
import dev.switchboard.gateway.protocol.SubscriptionFilter;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.upstream.UpstreamSessionPool;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The dispatch of a 2026-07-28 request (the stateless front), after the same stages as every other:
 * {@code server/discover} answered here, lists merged from every upstream (cacheable, for
 * this user only), requests that address one tool, prompt or resource routed to its owner. Behind it, 2025
 * upstreams are spoken to over sessions the gateway owns ({@link UpstreamSessionPool}), and 2026-07-28 ones
 * get each request with what this one states of its client ({@code ModernHttpUpstream}); what a 2025 upstream
 * asks the client during a call becomes an {@code input_required} result, and the client's retry completes
 * it ({@link PendingInputCalls}). {@code subscriptions/listen} opens a stream of the upstreams' list changes and
 * resource updates ({@link SubscriptionStreams}).
 */
@Singleton
class StatelessFront {

    /** Routed methods that exist in 2026-07-28 ({@code resources/subscribe} gave way to {@code subscriptions/listen}). */
    private static final List<String> ROUTED = MessageRoutes.METHODS.stream()
            .filter(method -> !method.startsWith("resources/") || "resources/read".equals(method)).toList();

    @Inject
    UpstreamSessionPool pool;

    @Inject
    ListAnswers lists;

    @Inject
    RoutedRequests routed;

    @Inject
    MessageRoutes routes;

    @Inject
    UpstreamRelay relay;

    @Inject
    PendingInputCalls inputCalls;

    @Inject
    SubscriptionStreams subscriptions;

    @Inject
    SwitchboardConfig config;

    @Inject
    ObjectMapper json;

    Uni<Void> message(GatewayRequest request) {
        ObjectNode message = request.message();
        // A resource read is cacheable in this revision, like a list: for this user only.
        boolean read = "resources/read".equals(message.path("method").asText());
        Long cacheTtl = read ? config.cacheTtl().toMillis() : null;
        String readUri = read ? message.path("params").path("uri").textValue() : null;
        StatelessReply reply = new StatelessReply(new StreamableReply(request.ctx(), relay), json, cacheTtl,
                message.path("params").path("_meta").path(StatelessRequests.META_LOG_LEVEL).asText(null), readUri);
        request.reply(reply);
        if (!JsonRpc.isRequest(message)) {
            // No client notification means anything over HTTP in this revision (closing a stream cancels).
            reply.accepted();
            return Uni.createFrom().voidItem();
        }
        String method = message.path("method").asText();
        JsonNode id = message.get("id");
        ListKind kind = ListKind.of(method);
        if (!"server/discover".equals(method) && !SubscriptionFilter.METHOD.equals(method) && kind == null && !ROUTED.contains(method)) {
            // The transport's answer to a method a server does not implement, or that the revision removed
            // (ping, logging/setLevel, initialize): 404 with -32601.
            request.ctx().response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method).toString());
            return Uni.createFrom().voidItem();
        }
        GatewayCall call = request.call();
        boolean mayAskForInput = InputRequired.METHODS.contains(method);
        boolean retry = mayAskForInput && message.path("params").has(InputRequired.REQUEST_STATE);
        return pool.using(call, pooled -> {
            McpSessionState state = pooled.forStatelessRequest(message.path("params").path("_meta"));
            return (retry ? ownedByStatelessUpstream(call, state, method, message) : Uni.createFrom().item(false))
                    .chain(upstreamsOwnState -> retry && !upstreamsOwnState
                            ? inputCalls.retry(call, message, reply)
                            : dispatch(request, call, state, message, reply, mayAskForInput && !retry));
        });
    }

    /**
     * Whether what a retry addresses belongs to a 2026-07-28 upstream: then its {@code requestState} is the
     * upstream's own, and the retry goes to it as it is; otherwise the state is one this gateway sealed.
     */
    private Uni<Boolean> ownedByStatelessUpstream(GatewayCall call, McpSessionState state, String method, ObjectNode message) {
        return routes.route(call.server(), state, UpstreamSessionPool.key(call), MessageRoutes.address(method, message.path("params")))
                .map(route -> {
                    UpstreamSession session = route == null ? null : state.upstreams().get(route.target().slug());
                    return session != null && ProtocolVersions.STATELESS.equals(session.protocolVersion());
                });
    }

    private Uni<Void> dispatch(GatewayRequest request, GatewayCall call, McpSessionState state, ObjectNode message,
            ClientReply reply, boolean mayAskForInput) {
        String method = message.path("method").asText();
        JsonNode id = message.get("id");
        // An upstream's request to the client during the call ends the client's call with input_required.
        ClientReply answer = mayAskForInput ? inputCalls.reply(reply, call, message, state) : reply;
        McpExchange exchange = new McpExchange(request.ctx(), call, state, UpstreamSessionPool.key(call), answer);
        if ("server/discover".equals(method)) {
            reply.send(JsonRpc.result(id, discover(call, state)));
            return Uni.createFrom().voidItem();
        }
        if (SubscriptionFilter.METHOD.equals(method)) {
            return subscriptions.open(exchange, message);
        }
        ListKind kind = ListKind.of(method);
        if (kind != null) {
            return lists.answer(exchange, id, kind, message.path("params").path("cursor").asText(null),
                    result -> StatelessResults.cacheable(result, config.cacheTtl().toMillis()));
        }
        return routed.relay(exchange, StatelessRequests.forSessionUpstream(message));
    }

    /**
     * What the server offers this user: every revision the URL serves, and the capabilities of its
     * upstreams merged (list changes and resource subscriptions through {@code subscriptions/listen}).
     */
    private ObjectNode discover(GatewayCall call, McpSessionState state) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ProtocolVersions.ALL.forEach(result.putArray("supportedVersions")::add);
        ObjectNode capabilities = MergedCapabilities.of(state.upstreams().values());
        capabilities.remove("logging");
        for (String listed : List.of("tools", "prompts", "resources")) {
            // Only a change some upstream announces reaches a listen stream (a 2025 client is told lists may change anyway).
            if (capabilities.get(listed) instanceof ObjectNode capability
                    && state.upstreams().values().stream().noneMatch(session -> session.can(listed + ".listChanged"))) {
                capability.remove("listChanged");
            }
        }
        result.set("capabilities", capabilities);
        result.putObject("_meta").putObject(StatelessRequests.META_SERVER_INFO)
                .put("name", "switchboard: " + call.server().name()).put("version", "0.1.0");
        return StatelessResults.cacheable(result, config.cacheTtl().toMillis());
    }

}

package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.protocol.InputRequiredResults;
import dev.switchboard.gateway.protocol.InputRequiredResults.InputRequest;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.protocol.StatelessRequests;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.relay.EventSink;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.relay.UpstreamMessages;
import dev.switchboard.gateway.relay.UpstreamRequest;
import dev.switchboard.gateway.transport.ReplicaHandoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Upstreams that speak MCP 2026-07-28 (found by {@link UpstreamRevisions}): no session, every request
 * self-describing ({@code _meta} with the revision, the client's info and capabilities; the routing headers),
 * over the same POSTs as {@link StreamableHttpUpstream}. Such an upstream never sends the client requests:
 * it answers {@code input_required} instead. A stateless client gets that result as it is (it asks its user
 * and sends the request again itself); for a 2025 client the gateway asks the client with ordinary requests
 * on the call's event stream, waits for its answers ({@link PendingInputs}), and sends the request again with
 * them, round after round, until the upstream answers for good. The round waits on the replica that holds
 * the call; an answer the client POSTs to another replica is handed over to it.
 */
@ApplicationScoped
public class ModernHttpUpstream implements UpstreamTransport {

    static final ObjectNode GATEWAY_CLIENT_INFO = JsonNodeFactory.instance.objectNode().put("name", "switchboard").put("version", "0.1.0");
    /** Rounds of input a single request may take (as the SDK's own shim allows). */
    private static final int MAX_ROUNDS = 8;
    /** How long the gateway waits for a client to answer what it was asked: a person may be answering. */
    private static final Duration CLIENT_PATIENCE = Duration.ofMinutes(10);

    @Inject
    StreamableHttpUpstream http;

    @Inject
    PendingInputs pending;

    @Inject
    ObjectMapper json;

    @Override
    public Uni<String> connect(UpstreamTarget target) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<UpstreamAnswer> call(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode request) {
        return http.call(target, null, ProtocolVersions.STATELESS, StatelessRequests.enveloped(request, GATEWAY_CLIENT_INFO, null));
    }

    /**
     * The revision has no client message an upstream needs (a closed stream cancels); the client's answers to what
     * the gateway asked it on the upstream's behalf go to the gateway itself ({@link PendingInputs}).
     */
    @Override
    public Uni<Void> notify(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode message) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<RelayedAnswer> relay(UpstreamLink link, String protocolVersion, UpstreamRequest request, ClientReply reply,
            Function<ClientStream, Runnable> whileOpen) {
        McpSessionState state = link.state();
        ObjectNode enveloped = StatelessRequests.enveloped(request.message(),
                state.clientInfo() != null ? state.clientInfo() : GATEWAY_CLIENT_INFO, state.clientCapabilities());
        if (state.clientIsStateless()) {
            return http.relayErrorsToo(link, ProtocolVersions.STATELESS, enveloped, reply, whileOpen);
        }
        return round(link, enveloped, new MultiRoundReply(reply, json), whileOpen, 1);
    }

    private Uni<RelayedAnswer> round(UpstreamLink link, ObjectNode request, MultiRoundReply reply,
            Function<ClientStream, Runnable> whileOpen, int round) {
        return http.relayErrorsToo(link, ProtocolVersions.STATELESS, request, reply, whileOpen).chain(answer -> {
            JsonNode inputRequired = reply.takeHeld();
            if (inputRequired == null) {
                return Uni.createFrom().item(answer);
            }
            JsonNode clientId = inputRequired.get("id");
            if (round >= MAX_ROUNDS) {
                return answered(reply, JsonRpc.error(clientId, JsonRpc.INTERNAL_ERROR,
                        "The toolkit '" + link.slug() + "' still asked for input after " + MAX_ROUNDS + " rounds"));
            }
            JsonNode result = inputRequired.get("result");
            return askClient(link, reply, result).chain(responses -> {
                if (responses.error() != null) {
                    return answered(reply, JsonRpc.error(clientId, JsonRpc.INTERNAL_ERROR, responses.error()));
                }
                return round(link, InputRequiredResults.retry(request, responses.inputResponses(), result), reply, whileOpen, round + 1);
            });
        });
    }

    /** The client's answers to every request of an input-required result, by key, or why there are none. */
    private record Answers(ObjectNode inputResponses, String error) {
    }

    /** Sends the client each request the upstream needs answered, on the call's event stream, and waits for every answer. */
    private Uni<Answers> askClient(UpstreamLink link, MultiRoundReply reply, JsonNode result) {
        List<InputRequest> requests = InputRequiredResults.inputRequests(result);
        if (requests.isEmpty()) {
            // Only state to echo: the upstream wants the request again as it is.
            return Uni.createFrom().item(new Answers(JsonNodeFactory.instance.objectNode(), null));
        }
        List<ObjectNode> toClient = new ArrayList<>();
        for (InputRequest input : requests) {
            // The gateway's own id: the client's answer may reach any replica, which hands it here (PendingInputs).
            JsonNode gatewayId = MessageIds.newGatewayRequest();
            ObjectNode asked = JsonRpc.request(gatewayId, input.method(), input.params().isObject() ? input.params() : null);
            UpstreamMessages.Rewritten rewritten = UpstreamMessages.toClient(link.slug(), asked, link.state()::clientCan, link.prefixed());
            if (rewritten.toClient() == null) {
                return Uni.createFrom().item(new Answers(null, "The toolkit '" + link.slug() + "' needs " + input.method()
                        + " from a client that did not declare it"));
            }
            toClient.add(rewritten.toClient().set("id", gatewayId));
        }
        ClientStream stream = reply.stream();
        McpSessionState state = link.state();
        ReplicaHandoff.Caller caller = new ReplicaHandoff.Caller(state.tenantId(), state.serverId(), state.userId());
        List<Uni<JsonNode>> answers = new ArrayList<>();
        for (ObjectNode request : toClient) {
            answers.add(pending.awaitGatewayRequest(request.get("id"), caller, CLIENT_PATIENCE,
                    () -> stream.send(new SseEvent(null, null, request.toString(), null))));
        }
        return Uni.join().all(answers).andFailFast().map(responses -> {
            ObjectNode inputResponses = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < requests.size(); i++) {
                JsonNode response = responses.get(i);
                if (!response.path("result").isObject()) {
                    return new Answers(null, "The client refused the " + requests.get(i).method() + " request of the toolkit '"
                            + link.slug() + "'");
                }
                inputResponses.set(requests.get(i).key(), response.get("result"));
            }
            return new Answers(inputResponses, null);
        });
    }

    /** Ends the call with this answer to the client. */
    private static Uni<RelayedAnswer> answered(MultiRoundReply reply, ObjectNode response) {
        reply.send(response);
        return Uni.createFrom().item(RelayedAnswer.of(200, response));
    }

    /**
     * The client's {@code subscriptions/listen}, relayed as one of the gateway's own (with what the client states
     * of itself): what the upstream's stream carries is rewritten for the client and written to the sink.
     */
    public Uni<Listening> listen(UpstreamLink link, ObjectNode listenRequest, Supplier<EventSink> sink) {
        McpSessionState state = link.state();
        ObjectNode enveloped = StatelessRequests.enveloped(listenRequest,
                state.clientInfo() != null ? state.clientInfo() : GATEWAY_CLIENT_INFO, state.clientCapabilities());
        return http.listenByRequest(link, enveloped, sink);
    }

    /** The revision has no standalone stream (its {@code subscriptions/listen} is a request of its own, above). */
    @Override
    public Uni<Listening> listen(UpstreamLink link, String lastEventId, Supplier<EventSink> sink) {
        return Uni.createFrom().item(Listening.unavailable(405));
    }

    @Override
    public Uni<Void> close(UpstreamTarget target, String sessionId, String protocolVersion) {
        return Uni.createFrom().voidItem();
    }

    /** The session the gateway keeps with a modern upstream: none upstream, only its revision and capabilities. */
    static UpstreamSession session(UpstreamRevisions.Revision revision) {
        return new UpstreamSession(null, ProtocolVersions.STATELESS, revision.modernCapabilities());
    }
}

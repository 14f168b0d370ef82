package dev.switchboard.gateway.inputrequired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.protocol.InputRequired;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.StatelessRequests;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.UpstreamMessages;
import dev.switchboard.gateway.transport.ReplicaHandoff;
import dev.switchboard.gateway.upstream.PendingInputs;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.upstream.Upstreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The calls of 2026-07-28 clients that wait for the client's input on this replica
 * ({@link PendingInputCall}), and their retries. A retry may reach any replica: one that does not hold
 * the call hands it to the holder through PostgreSQL ({@link ReplicaHandoff}, as legacy SSE messages go),
 * and the holder hands back what the client gets the same way. Bounded; each call waits at most the
 * configured timeout for the client, then fails cleanly upstream. Announcing a held call to the other
 * replicas costs one insert before the client gets its first {@code input_required}: a query on the path of
 * the calls an upstream asks for input only; a retry that reaches the holder needs none.
 */
@Singleton
public class PendingInputCalls {

    private static final Logger LOG = Logger.getLogger(PendingInputCalls.class);
    static final int MAX_PENDING = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A replica that hands a retry over waits this much longer than the holder's own timeout for the answer. */
    private static final long HANDOVER_MARGIN_MILLIS = 5_000;

    @Inject
    Secrets secrets;

    @Inject
    ReplicaHandoff handoff;

    @Inject
    Upstreams upstreams;

    @Inject
    PendingInputs pendingInputs;

    @Inject
    Vertx vertx;

    @Inject
    SwitchboardConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    ObjectMapper json;

    private final Map<String, PendingInputCall> pending = new ConcurrentHashMap<>();
    private long reaper;

    @PostConstruct
    void start() {
        Gauge.builder("switchboard.gateway.input_required.pending", pending, Map::size)
                .description("Calls of 2026-07-28 clients held on this replica until the client answers an upstream's request")
                .register(metrics);
        reaper = vertx.setPeriodic(500, tick -> {
            long now = System.nanoTime();
            pending.values().forEach(call -> call.expireIfDue(now));
        });
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(reaper);
    }

    /**
     * The reply of a call that may be answered with {@code input_required}: {@code request} is the client's
     * call, {@code state} the upstream sessions it is relayed on.
     */
    public InputRequiredReply reply(ClientReply reply, GatewayCall call, ObjectNode request, McpSessionState state) {
        JsonNode id = request.get("id");
        JsonNode params = request.path("params");
        JsonNode capabilities = params.path("_meta").path(StatelessRequests.META_CLIENT_CAPABILITIES);
        Consumer<ObjectNode> toUpstream = response -> answerUpstream(call, state, response);
        return new InputRequiredReply(reply, json, first -> {
            if (pending.size() >= MAX_PENDING) {
                LOG.warnf("%d calls wait for input already: an upstream's request is refused", pending.size());
                toUpstream.accept(JsonRpc.error(first.get("id"), JsonRpc.INTERNAL_ERROR, "Too many calls wait for input"));
                return null;
            }
            // Worked out only for the calls an upstream asks for input: most calls never need it.
            String digest = InputRequired.callDigest(request.path("method").asText(), params);
            String pendingId = "mrtr_" + random();
            PendingInputCall made = new PendingInputCall(pendingId, call, digest, capabilities.isObject() ? capabilities
                    : JsonNodeFactory.instance.objectNode(), timeout().toNanos(), message -> reply.send(withId(message, id)),
                    toUpstream, this::requestState, () -> forget(pendingId));
            made.answersGiven(params.path(InputRequired.INPUT_RESPONSES));
            pending.put(pendingId, made);
            handoff.register(pendingId, call, body -> handedOver(made, body)).subscribe().with(registered -> made.ready(),
                    failure -> {
                        // Still retried on this replica; a retry landing elsewhere finds no holder.
                        LOG.warnf("A call waiting for input is not announced to other replicas: %s", failure.getMessage());
                        made.ready();
                    });
            return made;
        });
    }

    /**
     * A client's retry of a call that asked for input (its params carry {@code requestState}): answered here
     * when this replica holds the call, else by the replica that does.
     */
    public Uni<Void> retry(GatewayCall call, ObjectNode request, ClientReply reply) {
        JsonNode id = request.get("id");
        JsonNode params = request.path("params");
        SealedRequestState.Opened opened = SealedRequestState.open(secrets.require(),
                params.path(InputRequired.REQUEST_STATE).asText(null), call,
                InputRequired.callDigest(request.path("method").asText(), params), System.currentTimeMillis());
        if (opened.refusal() != null) {
            reply.send(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, switch (opened.refusal()) {
                case NOT_SEALED_HERE -> "Invalid requestState: it was not issued by this server";
                case OTHER_CALL -> "Invalid requestState: it was issued for another call";
                case EXPIRED -> "requestState has expired: send the request again without it";
            }));
            return Uni.createFrom().voidItem();
        }
        JsonNode responses = params.path(InputRequired.INPUT_RESPONSES);
        JsonNode inputResponses = responses.isObject() ? responses : JsonNodeFactory.instance.objectNode();
        Consumer<ObjectNode> out = message -> reply.send(withId(message, id));
        PendingInputCall held = pending.get(opened.state().pendingCallId());
        if (held != null) {
            held.retry(inputResponses, out);
            return Uni.createFrom().voidItem();
        }
        return handOver(call, opened.state().pendingCallId(), inputResponses, out);
    }

    /** The retry goes to the replica holding the call; its answer comes back to a mailbox of this retry. */
    private Uni<Void> handOver(GatewayCall call, String pendingId, JsonNode inputResponses, Consumer<ObjectNode> out) {
        String mailbox = "mrtr_reply_" + random();
        boolean[] answered = new boolean[1];
        long[] timer = {-1};
        Consumer<ObjectNode> once = message -> {
            synchronized (answered) {
                if (answered[0]) {
                    return;
                }
                answered[0] = true;
                vertx.cancelTimer(timer[0]);
            }
            handoff.unregister(mailbox).subscribe().with(done -> {
            }, failure -> LOG.debugf("Mailbox of a retry not removed: %s", failure.getMessage()));
            out.accept(message);
        };
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("replyTo", mailbox);
        body.set(InputRequired.INPUT_RESPONSES, inputResponses);
        return handoff.register(mailbox, call, answer -> once.accept(parse(answer)))
                .chain(() -> handoff.forward(pendingId, call, body.toString()))
                .invoke(forwarded -> {
                    if (!forwarded) {
                        once.accept(JsonRpc.error(null, JsonRpc.INVALID_PARAMS,
                                "requestState is no longer valid: send the request again without it"));
                    } else {
                        synchronized (answered) {
                            if (!answered[0]) {
                                timer[0] = vertx.setTimer(timeout().toMillis() + HANDOVER_MARGIN_MILLIS, tick -> once.accept(
                                        JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "The replica holding the call did not answer in time")));
                            }
                        }
                    }
                }).replaceWithVoid();
    }

    /** On the holder: a retry another replica handed over; the outcome goes back to its mailbox. */
    private void handedOver(PendingInputCall held, String body) {
        ObjectNode message = parse(body);
        String mailbox = message.path("replyTo").asText(null);
        if (mailbox == null) {
            return;
        }
        held.retry(message.path(InputRequired.INPUT_RESPONSES), outcome -> handoff.forward(mailbox, held.call, outcome.toString())
                .subscribe().with(delivered -> {
                    if (!delivered) {
                        LOG.debugf("The replica that handed a retry over is gone");
                    }
                }, failure -> LOG.warnf("A retry's answer was not handed back: %s", failure.getMessage())));
    }

    private String requestState(PendingInputCall call) {
        return new SealedRequestState(call.id, call.call.server().tenantId().value(), call.call.userId(), call.call.server().id(),
                call.callDigest, System.currentTimeMillis() + timeout().toMillis()).seal(secrets.require());
    }

    private void forget(String pendingId) {
        pending.remove(pendingId);
        handoff.unregister(pendingId).subscribe().with(done -> {
        }, failure -> LOG.debugf("A finished call's hand-off entry not removed: %s", failure.getMessage()));
    }

    /**
     * A response to an upstream's request (with the id the client saw) sent to that upstream; one to a request the
     * gateway made itself (a connection tool's URL elicitation) to the call waiting for it here.
     */
    private void answerUpstream(GatewayCall call, McpSessionState state, ObjectNode response) {
        if (pendingInputs.completeGatewayRequest(response)) {
            return;
        }
        UpstreamMessages.Addressed addressed = UpstreamMessages.responseToUpstream(response);
        UpstreamTarget target = addressed == null ? null : call.server().upstream(addressed.slug());
        UpstreamSession session = target == null ? null : state.upstreams().get(target.slug());
        if (session == null) {
            LOG.debugf("An answer for no upstream of the call was dropped: %s", response.get("id"));
            return;
        }
        upstreams.of(target).notify(target, session.sessionId(), session.protocolVersion(), addressed.message())
                .subscribe().with(done -> {
                }, failure -> LOG.debugf("Answer to %s not delivered: %s", target.slug(), failure.getMessage()));
    }

    private Duration timeout() {
        return config.gateway().inputRequiredTimeout();
    }

    private ObjectNode parse(String text) {
        try {
            return json.readTree(text) instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (IOException notJson) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    private static ObjectNode withId(ObjectNode message, JsonNode id) {
        ObjectNode copy = message.deepCopy();
        copy.set("id", id);
        return copy;
    }

    private static String random() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package dev.switchboard.gateway.inputrequired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.protocol.InputRequired;
import dev.switchboard.gateway.protocol.JsonRpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One call of a 2026-07-28 client whose 2025 upstream asked the client something. The upstream's request
 * stays open on this replica, its stream held paused (so its idle timeout does not run) while the client
 * answers; each retry answers the upstream's requests it carries responses for and gets what comes next:
 * the upstream's result, or another {@code input_required} round with what is still unanswered. What the
 * client does not answer within the timeout is answered to the upstream with an error, and the call is let
 * finish upstream with nobody to tell.
 *
 * <p>Messages arrive from the upstream's event loop and retries from any other: every change is made
 * under the lock, and what it sends is sent after it is released.
 */
final class PendingInputCall {

    private static final JsonNode NO_ID = null;
    private static final JsonNode NO_ANSWERS = JsonNodeFactory.instance.objectNode();
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    final String id;
    final GatewayCall call;
    final String callDigest;
    private final JsonNode clientCapabilities;
    private final long timeoutNanos;
    private final Consumer<ObjectNode> toUpstream;
    private final Function<PendingInputCall, String> requestState;
    private final Runnable onDone;
    /** Upstream requests not answered yet, by the key the client knows them under (each the request as relayed). */
    private final Map<String, ObjectNode> unanswered = new LinkedHashMap<>();
    private final List<Runnable> resumeUpstream = new ArrayList<>();
    private final List<Runnable> holdUpstream = new ArrayList<>();
    private Consumer<ObjectNode> waiting;
    /** A retry waits for what the upstream sends next (so the upstream is read meanwhile). */
    private boolean retried;
    private ObjectNode finished;
    private boolean ready;
    private boolean done;
    private long deadline;
    private int keys;
    private JsonNode answersGiven = NO_ANSWERS;

    /**
     * @param first        gets the first {@code input_required} (the client's original call)
     * @param toUpstream   sends a response, still with the id the client would see, to the upstream that asked
     * @param requestState seals the state of a new round
     */
    PendingInputCall(String id, GatewayCall call, String callDigest, JsonNode clientCapabilities, long timeoutNanos,
            Consumer<ObjectNode> first, Consumer<ObjectNode> toUpstream, Function<PendingInputCall, String> requestState,
            Runnable onDone) {
        this.id = id;
        this.call = call;
        this.callDigest = callDigest;
        this.clientCapabilities = clientCapabilities;
        this.timeoutNanos = timeoutNanos;
        this.waiting = first;
        this.toUpstream = toUpstream;
        this.requestState = requestState;
        this.onDone = onDone;
        this.deadline = System.nanoTime() + timeoutNanos;
    }

    /** The call can be retried anywhere (other replicas can hand a retry over): the first round may go out. */
    void ready() {
        List<Runnable> sends = new ArrayList<>();
        synchronized (this) {
            ready = true;
            settle(sends);
        }
        sends.forEach(Runnable::run);
    }

    /** A message the upstream sent about the call (relayed ids, as the client would see them). */
    void fromUpstream(ObjectNode message) {
        List<Runnable> sends = new ArrayList<>();
        synchronized (this) {
            if (done) {
                return;
            }
            if (JsonRpc.isResponse(message)) {
                finished = message;
            } else if (JsonRpc.isRequest(message)) {
                String capability = InputRequired.capabilityFor(message.path("method").asText());
                if (capability == null || !clientCapabilities.has(capability)) {
                    ObjectNode refused = capability == null ? JsonRpc.error(message.get("id"), JsonRpc.METHOD_NOT_FOUND, "Method not found")
                            : InputRequired.missingCapability(message.get("id"), capability);
                    sends.add(() -> toUpstream.accept(refused));
                } else {
                    String named = namedKey(message);
                    JsonNode given = named == null ? null : answersGiven.get(named);
                    if (given != null && given.isObject()) {
                        // The client answered it before being asked, under the name the upstream gave it.
                        ObjectNode answer = JsonRpc.result(message.get("id"), given);
                        sends.add(() -> toUpstream.accept(answer));
                    } else {
                        unanswered.put(named != null ? named : numberedKey(), message);
                    }
                }
            }
            settle(sends);
        }
        sends.forEach(Runnable::run);
    }

    /**
     * Whether the relay must hold the upstream paused: a round went out and the call waits for the client.
     * Until the first round goes out the upstream is read on, so the requests it sends together (a tool that
     * asks for several things at once) are asked together.
     */
    synchronized boolean holdsUpstream() {
        return !done && waiting == null;
    }

    /**
     * The answers the client's call carried before it was asked anything ({@code inputResponses} without a
     * {@code requestState}): a request the upstream names ({@link InputRequired#INPUT_KEY_META}) is answered from them.
     */
    void answersGiven(JsonNode inputResponses) {
        answersGiven = inputResponses != null && inputResponses.isObject() ? inputResponses : NO_ANSWERS;
    }

    /** The key the upstream gave its request, if it is a usable one not taken yet. */
    private String namedKey(ObjectNode request) {
        String named = request.path("params").path("_meta").path(InputRequired.INPUT_KEY_META).asText(null);
        return named != null && KEY.matcher(named).matches() && !unanswered.containsKey(named) ? named : null;
    }

    private String numberedKey() {
        String key;
        do {
            key = "input-" + ++keys;
        } while (unanswered.containsKey(key));
        return key;
    }

    synchronized boolean isDone() {
        return done;
    }

    /** Runs when the upstream may be read again (the relay resumes it). */
    synchronized void onResume(Runnable listener) {
        resumeUpstream.add(listener);
    }

    /** Runs when a round goes out: the relay stops reading the upstream (and its idle timeout) until a retry. */
    synchronized void onHold(Runnable listener) {
        holdUpstream.add(listener);
    }

    /**
     * A retry: answers the upstream's requests the responses name; {@code out} gets the upstream's result, or
     * the next round, or an error.
     */
    void retry(JsonNode inputResponses, Consumer<ObjectNode> out) {
        List<Runnable> sends = new ArrayList<>();
        synchronized (this) {
            if (done || waiting != null) {
                ObjectNode refused = JsonRpc.error(NO_ID, JsonRpc.INVALID_PARAMS, done
                        ? "requestState is no longer valid: send the request again without it"
                        : "This call is being retried already");
                sends.add(() -> out.accept(refused));
            } else {
                inputResponses.fields().forEachRemaining(entry -> {
                    ObjectNode request = entry.getValue().isObject() ? unanswered.remove(entry.getKey()) : null;
                    if (request != null) {
                        ObjectNode answer = JsonRpc.result(request.get("id"), entry.getValue());
                        sends.add(() -> toUpstream.accept(answer));
                    }
                });
                waiting = out;
                retried = true;
                deadline = System.nanoTime() + timeoutNanos;
                settle(sends);
                if (retried) {
                    sends.addAll(resumeUpstream);
                }
            }
        }
        sends.forEach(Runnable::run);
    }

    /**
     * Past its deadline: the upstream's open requests get an error, a retry still waiting gets one, and the
     * upstream is read again so its call ends there. Answers whether the call expired.
     */
    boolean expireIfDue(long now) {
        List<Runnable> sends = new ArrayList<>();
        synchronized (this) {
            if (done || now - deadline < 0) {
                return false;
            }
            for (ObjectNode request : unanswered.values()) {
                ObjectNode refused = JsonRpc.error(request.get("id"), JsonRpc.INTERNAL_ERROR,
                        "The client did not answer in time");
                sends.add(() -> toUpstream.accept(refused));
            }
            unanswered.clear();
            if (waiting != null) {
                Consumer<ObjectNode> out = waiting;
                ObjectNode late = JsonRpc.error(NO_ID, JsonRpc.INTERNAL_ERROR, "The upstream did not answer in time");
                sends.add(() -> out.accept(late));
                waiting = null;
                retried = false;
            }
            done = true;
            sends.addAll(resumeUpstream);
            sends.add(onDone);
        }
        sends.forEach(Runnable::run);
        return true;
    }

    /** Gives whoever waits what there is for them: the result, or a round of what is unanswered. */
    private void settle(List<Runnable> sends) {
        if (waiting == null || !ready) {
            return;
        }
        Consumer<ObjectNode> out = waiting;
        if (finished != null) {
            ObjectNode result = finished;
            sends.add(() -> out.accept(result));
            waiting = null;
            retried = false;
            done = true;
            sends.add(onDone);
        } else if (!unanswered.isEmpty()) {
            ObjectNode round = JsonRpc.result(NO_ID, InputRequired.result(unanswered, requestState.apply(this)));
            // Held before the client can see the round, so a quick retry's resume cannot come first.
            sends.addAll(holdUpstream);
            sends.add(() -> out.accept(round));
            waiting = null;
            retried = false;
            deadline = System.nanoTime() + timeoutNanos;
        }
    }
}

package dev.switchboard.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.fanout.Namespace;
import dev.switchboard.gateway.protocol.InputRequired;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import java.util.function.Predicate;

/**
 * Rewrites messages crossing the gateway so the client sees one server and each upstream sees one
 * client: ids and progress tokens mapped (see {@link MessageIds}), resource URIs namespaced, and
 * server→client requests the client did not declare a capability for answered by the gateway itself.
 * Pure: no I/O, so it is tested message by message.
 */
public final class UpstreamMessages {

    /** The message for the client (or null), and an answer the upstream must get from the gateway (or null). */
    public record Rewritten(ObjectNode toClient, ObjectNode answerUpstream) {
    }

    private UpstreamMessages() {
    }

    /** A message one upstream sent, as a client of a 2025 session must see it. */
    public static Rewritten toClient(String slug, ObjectNode message, Predicate<String> clientCan, boolean prefixed) {
        return toClient(slug, message, clientCan, prefixed, false);
    }

    /**
     * A message one upstream sent, as the client must see it. A request the client did not declare the
     * capability for is answered here: {@code -32601} for a 2025 session client (which would answer so itself),
     * the revision's {@code -32021} naming the capability for a {@code statelessClient} (2026-07-28).
     */
    public static Rewritten toClient(String slug, ObjectNode message, Predicate<String> clientCan, boolean prefixed,
            boolean statelessClient) {
        if (JsonRpc.isResponse(message)) {
            JsonNode clientId = MessageIds.upstreamToClient(message.get("id"));
            if (clientId == null) {
                return new Rewritten(null, null);
            }
            // Only the id changes, so the copy shares the result (a tool's answer may be large), unless its URIs do.
            ObjectNode copy = message.objectNode().setAll(message);
            copy.set("id", clientId);
            // Only a resources/read result has "contents": its URIs are named as the client asked for them.
            if (prefixed && copy.path("result").path("contents").isArray()) {
                copy.set("result", copy.get("result").deepCopy());
                for (JsonNode content : copy.path("result").path("contents")) {
                    if (content instanceof ObjectNode c && c.hasNonNull("uri")) {
                        c.put("uri", Namespace.exposeUri(true, slug, c.get("uri").asText()));
                    }
                }
            }
            return new Rewritten(copy, null);
        }
        String method = message.path("method").asText();
        if (JsonRpc.isRequest(message)) {
            JsonNode id = message.get("id");
            if ("ping".equals(method)) {
                return new Rewritten(null, JsonRpc.result(id, JsonNodeFactory.instance.objectNode()));
            }
            String needed = InputRequired.capabilityFor(method);
            if (needed != null && !clientCan.test(needed)) {
                return new Rewritten(null, statelessClient ? InputRequired.missingCapability(id, needed)
                        : JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "The client did not declare the " + needed + " capability"));
            }
            ObjectNode copy = message.deepCopy();
            copy.set("id", MessageIds.upstreamRequestToClient(slug, id));
            return new Rewritten(copy, null);
        }
        ObjectNode copy = message.deepCopy();
        JsonNode params = copy.get("params");
        if (params instanceof ObjectNode p) {
            switch (method) {
                case "notifications/progress" -> {
                    JsonNode token = MessageIds.upstreamToClient(p.get("progressToken"));
                    if (token != null) {
                        p.set("progressToken", token);
                    }
                }
                case "notifications/cancelled" -> {
                    if (p.hasNonNull("requestId")) {
                        p.set("requestId", MessageIds.upstreamRequestToClient(slug, p.get("requestId")));
                    }
                }
                case "notifications/resources/updated" -> {
                    if (p.hasNonNull("uri")) {
                        p.put("uri", Namespace.exposeUri(prefixed, slug, p.get("uri").asText()));
                    }
                }
                default -> {
                }
            }
        }
        return new Rewritten(copy, null);
    }

    /**
     * A client's request for an upstream: its id and progress token mapped; the caller sets the upstream's own names
     * ({@code MessageRoutes.rename}). Only what is rewritten is copied (the message, its params, their {@code _meta}
     * and {@code ref}); what lies beneath, a tool's arguments say, is shared with the client's request, not copied.
     */
    public static ObjectNode requestToUpstream(ObjectNode request) {
        ObjectNode copy = request.objectNode().setAll(request);
        copy.set("id", MessageIds.clientToUpstream(request.get("id")));
        if (request.get("params") instanceof ObjectNode params) {
            ObjectNode paramsCopy = params.objectNode().setAll(params);
            copy.set("params", paramsCopy);
            if (params.get("ref") instanceof ObjectNode ref) {
                paramsCopy.set("ref", ref.objectNode().setAll(ref));
            }
            if (params.get("_meta") instanceof ObjectNode meta && meta.hasNonNull("progressToken")) {
                ObjectNode metaCopy = meta.objectNode().setAll(meta);
                metaCopy.set("progressToken", MessageIds.clientToUpstream(meta.get("progressToken")));
                paramsCopy.set("_meta", metaCopy);
            }
        }
        return copy;
    }

    /** A client's {@code notifications/cancelled}, naming the upstream's id of the request. */
    public static ObjectNode cancelledToUpstream(ObjectNode notification) {
        ObjectNode copy = notification.deepCopy();
        if (copy.get("params") instanceof ObjectNode p && p.hasNonNull("requestId")) {
            p.set("requestId", MessageIds.clientToUpstream(p.get("requestId")));
        }
        return copy;
    }

    /** A client's answer to an upstream's request, with the upstream's own id; null when it answers nothing the gateway relayed. */
    public static Addressed responseToUpstream(ObjectNode response) {
        MessageIds.UpstreamRequestId target = MessageIds.clientResponseToUpstream(response.get("id"));
        if (target == null) {
            return null;
        }
        ObjectNode copy = response.deepCopy();
        copy.set("id", target.id());
        return new Addressed(target.slug(), copy);
    }

    /** A message for one upstream. */
    public record Addressed(String slug, ObjectNode message) {
    }
}

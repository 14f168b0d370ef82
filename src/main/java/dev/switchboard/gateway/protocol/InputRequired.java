package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Multi round-trip requests of MCP 2026-07-28, with no I/O: what a server asks the client inside an
 * {@code input_required} result (the requests a 2025 server sends the client instead), and what identifies
 * the call a retry must repeat.
 */
public final class InputRequired {

    public static final String RESULT_TYPE = "input_required";
    /**
     * The JSON-RPC error of 2026-07-28 for a request that needs a capability the client did not declare (HTTP 400
     * where it answers a client's request).
     */
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    public static final String INPUT_RESPONSES = "inputResponses";
    public static final String REQUEST_STATE = "requestState";
    /**
     * Where a 2025 upstream may name one of its requests to the client ({@code _meta} of the request's params): a
     * 2026-07-28 client then sees it under that key in {@code inputRequests}, and may answer it in its first call.
     */
    public static final String INPUT_KEY_META = "dev.switchboard/inputKey";
    /** The requests a retry may carry answers for; only these methods may be answered with input_required. */
    public static final Set<String> METHODS = Set.of("tools/call", "prompts/get", "resources/read");
    /** Params that say how a call is retried, not what it asks for. */
    private static final Set<String> RETRY_PARAMS = Set.of("_meta", INPUT_RESPONSES, REQUEST_STATE);

    private InputRequired() {
    }

    /** The client capability a server→client request needs, or null when the method is not one a client is asked. */
    public static String capabilityFor(String method) {
        return switch (method) {
            case "elicitation/create" -> "elicitation";
            case "sampling/createMessage" -> "sampling";
            case "roots/list" -> "roots";
            default -> null;
        };
    }

    /**
     * The answer to a server's request that needs a capability a 2026-07-28 client did not declare: the
     * revision's own error, naming the capability as a {@code ClientCapabilities} object. A 2025 upstream that
     * fails its call with it (as one that cannot go on without does) so tells the client why.
     */
    public static ObjectNode missingCapability(JsonNode id, String capability) {
        ObjectNode error = JsonRpc.error(id, MISSING_REQUIRED_CLIENT_CAPABILITY,
                "Missing required client capability: the client did not declare " + capability);
        ((ObjectNode) error.get("error")).putObject("data").putObject("requiredCapabilities").putObject(capability);
        return error;
    }

    /** Whether a message is the error a request gets for a capability the client did not declare. */
    public static boolean isMissingCapability(JsonNode message) {
        return message != null && message.path("error").path("code").asInt() == MISSING_REQUIRED_CLIENT_CAPABILITY
                && JsonRpc.isResponse(message);
    }

    /** Whether an event's data may hold a request the client must be asked (so is worth parsing). */
    public static boolean mayBeInputRequest(String data) {
        return data.contains("elicitation/create") || data.contains("sampling/createMessage") || data.contains("roots/list");
    }

    /** The result that asks the client for input: each request as method and params, under its key. */
    public static ObjectNode result(Map<String, ObjectNode> requests, String requestState) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("resultType", RESULT_TYPE);
        ObjectNode inputRequests = result.putObject("inputRequests");
        requests.forEach((key, request) -> {
            ObjectNode entry = inputRequests.putObject(key).put("method", request.path("method").asText());
            if (request.has("params")) {
                entry.set("params", request.get("params"));
            }
        });
        result.put(REQUEST_STATE, requestState);
        return result;
    }

    /**
     * What a retry must repeat of the call that asked for input: its method and params (but for
     * {@code _meta} and what the retry adds), as a digest independent of the order of object members.
     */
    public static String callDigest(String method, JsonNode params) {
        StringBuilder canonical = new StringBuilder(method).append('\n');
        if (params instanceof ObjectNode object) {
            ObjectNode asked = object.deepCopy();
            asked.remove(RETRY_PARAMS);
            canonical(asked, canonical);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.append('{');
            for (String name : names) {
                out.append(JsonNodeFactory.instance.textNode(name)).append(':');
                canonical(node.get(name), out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(item -> {
                canonical(item, out);
                out.append(',');
            });
            out.append(']');
        } else {
            out.append(node);
        }
    }
}

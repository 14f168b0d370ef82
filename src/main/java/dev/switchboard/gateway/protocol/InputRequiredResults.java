package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Input-required results of MCP 2026-07-28, with no I/O: a modern upstream answers a request it cannot
 * finish yet with {@code resultType: "input_required"}, the requests it needs answered ({@code inputRequests},
 * keyed by its own names) and an opaque {@code requestState}; the request is then sent again with the answers
 * ({@code inputResponses}, the bare results under the same keys) and that state.
 */
public final class InputRequiredResults {

    public static final String RESULT_TYPE = "input_required";

    /** One request the upstream needs answered: its key, method and params. */
    public record InputRequest(String key, String method, JsonNode params) {
    }

    private InputRequiredResults() {
    }

    /** Whether a JSON-RPC response carries an input-required result. */
    public static boolean isInputRequired(JsonNode response) {
        return response != null && RESULT_TYPE.equals(response.path("result").path("resultType").asText(null));
    }

    /** The requests an input-required result asks for, in its order. */
    public static List<InputRequest> inputRequests(JsonNode result) {
        List<InputRequest> requests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = result.path("inputRequests").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            requests.add(new InputRequest(field.getKey(), field.getValue().path("method").asText(),
                    field.getValue().path("params")));
        }
        return requests;
    }

    /**
     * The request to send again: a copy with these {@code inputResponses} and the result's {@code requestState}
     * (none when it had none), whatever a previous round put there replaced.
     */
    public static ObjectNode retry(ObjectNode request, ObjectNode inputResponses, JsonNode result) {
        ObjectNode copy = request.deepCopy();
        ObjectNode params = copy.get("params") instanceof ObjectNode existing ? existing : copy.putObject("params");
        params.set("inputResponses", inputResponses);
        if (result.path("requestState").isTextual()) {
            params.put("requestState", result.get("requestState").asText());
        } else {
            params.remove("requestState");
        }
        return copy;
    }
}

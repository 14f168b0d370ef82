package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputRequiredTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aRetryIsTheSameCallWhateverItAddsAndInWhateverOrderItsMembersCome() throws Exception {
        String first = InputRequired.callDigest("tools/call", json("""
                {"name": "t", "arguments": {"a": 1, "b": [1, {"x": "y", "w": null}]}, "_meta": {"k": 1}}"""));
        String retry = InputRequired.callDigest("tools/call", json("""
                {"arguments": {"b": [1, {"w": null, "x": "y"}], "a": 1}, "name": "t", "_meta": {"k": 2},
                 "inputResponses": {"input-1": {"action": "accept"}}, "requestState": "s"}"""));
        assertEquals(first, retry);
    }

    @Test
    void anotherMethodNameOrArgumentIsAnotherCall() throws Exception {
        JsonNode params = json("{\"name\": \"t\", \"arguments\": {\"a\": 1}}");
        String digest = InputRequired.callDigest("tools/call", params);
        assertNotEquals(digest, InputRequired.callDigest("prompts/get", params));
        assertNotEquals(digest, InputRequired.callDigest("tools/call", json("{\"name\": \"u\", \"arguments\": {\"a\": 1}}")));
        assertNotEquals(digest, InputRequired.callDigest("tools/call", json("{\"name\": \"t\", \"arguments\": {\"a\": \"1\"}}")));
        assertNotEquals(digest, InputRequired.callDigest("tools/call", json("{\"name\": \"t\", \"arguments\": {\"a\": [1]}}")));
    }

    @Test
    void theResultCarriesEachRequestAsMethodAndParamsUnderItsKey() throws Exception {
        Map<String, ObjectNode> requests = new LinkedHashMap<>();
        requests.put("input-1", (ObjectNode) json("""
                {"jsonrpc": "2.0", "id": "sb:alpha:7", "method": "elicitation/create", "params": {"message": "name?"}}"""));
        requests.put("input-2", (ObjectNode) json("{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"roots/list\"}"));
        ObjectNode result = InputRequired.result(requests, "sealed");
        assertEquals(json("""
                {"resultType": "input_required", "requestState": "sealed", "inputRequests": {
                  "input-1": {"method": "elicitation/create", "params": {"message": "name?"}},
                  "input-2": {"method": "roots/list"}}}"""), result);
    }

    @Test
    void onlyTheRequestsAClientCanBeAskedNeedACapability() {
        assertEquals("elicitation", InputRequired.capabilityFor("elicitation/create"));
        assertEquals("sampling", InputRequired.capabilityFor("sampling/createMessage"));
        assertEquals("roots", InputRequired.capabilityFor("roots/list"));
        assertNull(InputRequired.capabilityFor("ping"));
        assertTrue(InputRequired.mayBeInputRequest("{\"method\":\"sampling/createMessage\"}"));
        assertFalse(InputRequired.mayBeInputRequest("{\"method\":\"notifications/progress\"}"));
    }
}

package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputRequiredResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ASKING = """
            {"jsonrpc":"2.0","id":"c:1","result":{"resultType":"input_required","requestState":"s1",
             "inputRequests":{"user_name":{"method":"elicitation/create","params":{"message":"Name?"}},
                              "client_roots":{"method":"roots/list","params":{}}}}}""";

    @Test
    void anInputRequiredResultIsToldFromACompleteOne() throws Exception {
        assertTrue(InputRequiredResults.isInputRequired(JSON.readTree(ASKING)));
        assertFalse(InputRequiredResults.isInputRequired(JSON.readTree("""
                {"jsonrpc":"2.0","id":1,"result":{"resultType":"complete","content":[]}}""")));
        assertFalse(InputRequiredResults.isInputRequired(JSON.readTree("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"x"}}""")));
    }

    @Test
    void itsRequestsAreReadInOrderWithTheirKeys() throws Exception {
        List<InputRequiredResults.InputRequest> requests = InputRequiredResults.inputRequests(JSON.readTree(ASKING).get("result"));
        assertEquals(List.of("user_name", "client_roots"), requests.stream().map(InputRequiredResults.InputRequest::key).toList());
        assertEquals("elicitation/create", requests.get(0).method());
        assertEquals("Name?", requests.get(0).params().path("message").asText());
    }

    @Test
    void theRetryCarriesTheAnswersAndTheStateOfTheLatestRoundOnly() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("""
                {"jsonrpc":"2.0","id":"c:1","method":"tools/call","params":{"name":"t","requestState":"old",
                 "inputResponses":{"earlier":{"action":"accept"}}}}""");
        ObjectNode answers = JSON.createObjectNode();
        answers.putObject("user_name").put("action", "accept");
        JsonNode retry = InputRequiredResults.retry(request, answers, JSON.readTree(ASKING).get("result"));
        assertEquals("s1", retry.at("/params/requestState").asText());
        assertEquals(answers, retry.at("/params/inputResponses"));
        assertEquals("t", retry.at("/params/name").asText());

        JsonNode stateless = InputRequiredResults.retry(request, answers, JSON.readTree("""
                {"resultType":"input_required","inputRequests":{}}"""));
        assertTrue(stateless.at("/params/requestState").isMissingNode(), "a round without state sends none back");
        assertEquals("old", request.at("/params/requestState").asText(), "the request itself is left as it was");
    }
}

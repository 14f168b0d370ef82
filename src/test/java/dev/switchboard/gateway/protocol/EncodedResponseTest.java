package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.gateway.relay.UpstreamMessages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncodedResponseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EncodedResponse scan(String body, boolean urisRenamed) {
        return EncodedResponse.of(JSON.getFactory(), body.getBytes(StandardCharsets.UTF_8), urisRenamed);
    }

    private static String text(EncodedResponse response) {
        return new String(response.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheIdChangesInTheBytesTheUpstreamWrote() {
        String upstreamId = MessageIds.clientToUpstream(IntNode.valueOf(7)).toString();
        String body = "{\"jsonrpc\":\"2.0\", \"id\" : " + upstreamId + " ,\"result\":{\"content\":[{\"type\":\"text\","
                + "\"text\":\"h\u00e9llo \\\"q\\\" \\u00e9\"}]}}";

        EncodedResponse response = scan(body, false);

        assertNotNull(response);
        assertEquals(body.replace(upstreamId, "7"), text(response));
        assertEquals(IntNode.valueOf(7), response.clientId());
        assertEquals(ResponseOutcome.RESULT, response.outcome());
    }

    @Test
    void theIdIsFoundByItsBytesAfterCharactersOfSeveralBytes() {
        String body = "{\"_meta\":{\"note\":\"\u00e9\u2603\ud83d\ude00 \u00e9\u2603\"},\"id\":\"c:42\",\"result\":{\"x\":\"\u2603\"}}";

        EncodedResponse response = scan(body, false);

        assertNotNull(response);
        assertEquals(body.replace("\"c:42\"", "42"), text(response));
    }

    @Test
    void aStringIdComesBackAsTheClientWroteIt() throws Exception {
        JsonNode clientId = TextNode.valueOf("call \"1\" \u2603");
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + MessageIds.clientToUpstream(clientId) + ",\"result\":{}}";

        EncodedResponse response = scan(body, false);

        assertNotNull(response);
        assertEquals(clientId, JSON.readTree(response.bytes()).get("id"));
        assertEquals(clientId, response.clientId());
    }

    @Test
    void theSameMessageAsTheTreeWouldWrite() throws Exception {
        for (String body : new String[] {
                "{\"jsonrpc\":\"2.0\",\"id\":\"c:12\",\"result\":{\"content\":[],\"structuredContent\":{\"a\":[1,2.5,null,true]}}}",
                "{\"result\":{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":\"no\"}]},\"id\":\"c:\\\"x\\\"\",\"jsonrpc\":\"2.0\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"c:-3\",\"error\":{\"code\":-32602,\"message\":\"bad\",\"data\":{\"k\":[{}]}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"c:4\",\"result\":{\"contents\":[{\"uri\":\"file:///a\",\"text\":\"t\"}]}}"}) {
            ObjectNode upstream = (ObjectNode) JSON.readTree(body);
            JsonNode expected = UpstreamMessages.toClient("gh", upstream, capability -> true, false).toClient();

            EncodedResponse response = scan(body, false);

            assertNotNull(response, body);
            assertEquals(expected, JSON.readTree(response.bytes()), body);
        }
    }

    @Test
    void theOutcomeIsReadOnTheWay() {
        assertEquals(ResponseOutcome.TOOL_ERROR,
                scan("{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{\"content\":[{\"isError\":false}],\"isError\":true}}", false).outcome());
        assertEquals(ResponseOutcome.RESULT,
                scan("{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{\"isError\":false}}", false).outcome());
        assertEquals(ResponseOutcome.RESULT,
                scan("{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{\"isError\":{\"nested\":true}}}", false).outcome());
        assertEquals(ResponseOutcome.ERROR,
                scan("{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"error\":{\"code\":1,\"message\":\"m\"}}", false).outcome());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[1]",
            "\"c:1\"",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"g:setLevel\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:not json\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"id\":\"c:2\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"method\":\"sampling/createMessage\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{},\"error\":{\"code\":1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{}} trailing",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{}}{}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{\"a\":[1,}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{\"isError\":true,\"isError\":false}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{}",
            ""})
    void anythingButAPlainResponseToAClientsRequestIsLeftToTheTree(String body) {
        assertNull(scan(body, false), body);
    }

    @Test
    void resourceContentsAreLeftToTheTreeWhenItsUrisAreRenamed() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"c:4\",\"result\":{\"contents\":[{\"uri\":\"file:///a\",\"text\":\"t\"}]}}";
        assertNull(scan(body, true));
        assertNotNull(scan(body, false));
        assertNotNull(scan("{\"jsonrpc\":\"2.0\",\"id\":\"c:4\",\"result\":{\"content\":[]}}", true), "no contents, nothing to rename");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:5\",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"\u00e9\u2603\"}]}}",
            "{\"result\" : { } ,\"jsonrpc\":\"2.0\",\"id\":\"c:5\"}",
            "{\"jsonrpc\":\"2.0\",\"result\":{\"isError\":true,\"content\":[]},\"id\":\"c:5\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:5\",\"result\":{\"resultType\":\"incomplete\",\"x\":1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:5\",\"result\":{\"x\":1,\"resultType\":\"complete\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:5\",\"result\":\"done\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c:5\",\"error\":{\"code\":-32602,\"message\":\"m\"}}"})
    void aResultTypedInItsBytesIsWhatTheTreeWouldSay(String body) throws Exception {
        EncodedResponse typed = scan(body, false).typed(StatelessResults.COMPLETE);

        // As StatelessResults types a message read into a tree, the client's id in place of the gateway's.
        ObjectNode expected = (ObjectNode) JSON.readTree(body);
        expected.set("id", IntNode.valueOf(5));
        StatelessResults.typed(expected);
        assertEquals(expected, JSON.readTree(typed.bytes()));
        assertEquals(scan(body, false).outcome(), typed.outcome());
        assertEquals(IntNode.valueOf(5), typed.clientId());
    }

    @Test
    void aTypedResultKeepsEveryOtherByteTheUpstreamWrote() {
        String body = "{\"jsonrpc\":\"2.0\", \"id\" : \"c:6\" ,\"result\": {\"content\":[]}}";

        assertEquals("{\"jsonrpc\":\"2.0\", \"id\" : 6 ,\"result\": {\"resultType\":\"complete\",\"content\":[]}}",
                text(scan(body, false).typed(StatelessResults.COMPLETE)));
        assertEquals("{\"result\":{\"resultType\":\"complete\"},\"id\":6}",
                text(scan("{\"result\":{},\"id\":\"c:6\"}", false).typed(StatelessResults.COMPLETE)));
    }
}

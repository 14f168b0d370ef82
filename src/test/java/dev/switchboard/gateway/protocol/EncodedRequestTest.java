package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.relay.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EncodedRequest}, and {@link UpstreamRequest} writing the same request from the client's bytes or from its tree. */
class EncodedRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The request for the upstream as {@link UpstreamRequest} writes it from the client's bytes. */
    private static String inPlace(String body, String upstreamKey) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(body);
        byte[] encoded = UpstreamRequest.routed(JSON.getFactory(), request, utf8(body), upstreamKey).encoded();
        // The upstream reads the same message as the one the tree gives.
        UpstreamRequest fromTree = UpstreamRequest.routed(JSON.getFactory(), request, null, upstreamKey);
        assertEquals(fromTree.message(), JSON.readTree(encoded));
        assertEquals(JSON.readTree(fromTree.encoded()), JSON.readTree(encoded));
        return new String(encoded, StandardCharsets.UTF_8);
    }

    /** The scan given what {@link UpstreamRequest} gives it: the tree's values (the last of a repeated field). */
    private static byte[] scan(String body, String upstreamName) throws Exception {
        JsonNode tree = JSON.readTree(body);
        JsonNode id = tree.get("id");
        JsonNode token = tree.path("params").path("_meta").get("progressToken");
        return EncodedRequest.forUpstream(JSON.getFactory(), utf8(body), id == null ? "c:none" : MessageIds.clientToUpstream(id).textValue(),
                upstreamName, token == null || token.isNull() ? null : MessageIds.clientToUpstream(token).textValue());
    }

    private static String upstreamId(String clientIdJson) throws Exception {
        return MessageIds.clientToUpstream(JSON.readTree(clientIdJson)).toString();
    }

    @Test
    void onlyTheIdAndTheNameChangeInTheClientsBytes() throws Exception {
        String arguments = "{ \"text\" : \"h\u00e9llo \\\"q\\\" \\u00e9\", \"n\": 1.50e2, \"list\":[ true ,null ] }";
        String body = "{\"jsonrpc\":\"2.0\", \"id\" : 7 ,\"method\":\"tools/call\",\"params\":{\"name\":\"fast__echo\","
                + "\"arguments\":" + arguments + "}}";

        String written = inPlace(body, "echo");

        assertEquals(body.replace(" 7 ", " " + upstreamId("7") + " ").replace("\"fast__echo\"", "\"echo\""), written);
    }

    @Test
    void theFieldsAreFoundByTheirBytesAfterCharactersOfSeveralBytes() throws Exception {
        String body = "{ \"params\":{\"arguments\":{\"t\":\"\u00e9\u2603\ud83d\ude00\"},\"_meta\":{\"note\":\"\u2603\","
                + "\"progressToken\":\"p-\u00e9\"},\"name\":\"a__\u2603\"},\"method\":\"tools/call\",\"jsonrpc\":\"2.0\","
                + "\"id\":\"call-\ud83d\ude00\" }";

        String written = inPlace(body, "\u2603 tool");

        assertEquals(body.replace("\"call-\ud83d\ude00\"", upstreamId("\"call-\ud83d\ude00\""))
                .replace("\"p-\u00e9\"", upstreamId("\"p-\u00e9\"")).replace("\"a__\u2603\"", "\"\u2603 tool\""), written);
    }

    @Test
    void anIntegerProgressTokenAndAnIdLastAreReplacedWhole() throws Exception {
        String body = "{\"method\":\"prompts/get\",\"params\":{\"_meta\":{\"progressToken\":12345 },\"name\":\"p__greet\"},"
                + "\"jsonrpc\":\"2.0\",\"id\":9007199254740993}\n";

        String written = inPlace(body, "greet");

        assertEquals(body.replace("12345", upstreamId("12345")).replace("9007199254740993", upstreamId("9007199254740993"))
                .replace("\"p__greet\"", "\"greet\""), written);
    }

    @Test
    void aNullProgressTokenStaysAsItIs() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{\"progressToken\": null}}}";

        assertEquals(body.replace("1,", upstreamId("1") + ",").replace("\"a__b\"", "\"b\""), inPlace(body, "b"));
    }

    @Test
    void quotesInTheNewValuesAreEscaped() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"say \\\"hi\\\"\",\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}}";

        String written = inPlace(body, "quote \" and \\ back");

        assertNotNull(written);
        assertEquals("quote \" and \\ back", JSON.readTree(written).path("params").path("name").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // repeated fields the tree resolves its own way
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__x\",\"name\":\"a__b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__x\"},\"params\":{\"name\":\"a__b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}}",
        "{\"jsonrpc\":\"1.0\",\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"arguments\":{},\"arguments\":{\"x\":1}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{},\"_meta\":{\"progressToken\":3}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{\"progressToken\":3,\"progressToken\":4}}}",
        // values written otherwise than as they came
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{\"progressToken\":{\"k\":1}}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{\"progressToken\":2.5}}}",
        // something after the message
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}} {\"id\":2}",
    })
    void anythingUnusualIsWrittenFromTheTree(String body) throws Exception {
        assertNull(scan(body, "b"));
        inPlace(body, "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}}]",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":[]}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":7}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"",
    })
    void aBodyThatIsNotAPlainRequestIsRefused(String body) {
        assertNull(EncodedRequest.forUpstream(JSON.getFactory(), utf8(body), "c:1", "b", null));
    }

    @Test
    void theProgressTokenMustBeThereExactlyWhenOneIsGiven() {
        byte[] withToken = utf8("{\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{\"progressToken\":\"t\"}}}");
        byte[] without = utf8("{\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{}}}");

        assertNull(EncodedRequest.forUpstream(JSON.getFactory(), withToken, "c:1", "b", null));
        assertNull(EncodedRequest.forUpstream(JSON.getFactory(), without, "c:1", "b", "c:\"t\""));
        assertNotNull(EncodedRequest.forUpstream(JSON.getFactory(), withToken, "c:1", "b", "c:\"t\""));
        assertNotNull(EncodedRequest.forUpstream(JSON.getFactory(), without, "c:1", "b", null));
    }

    @Test
    void otherMethodsAreWrittenFromTheTree() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"a+file:///x\"}}";
        ObjectNode request = (ObjectNode) JSON.readTree(body);

        UpstreamRequest upstream = UpstreamRequest.routed(JSON.getFactory(), request, utf8(body), "file:///x");

        assertArrayEquals(utf8(upstream.message().toString()), upstream.encoded());
        assertEquals("file:///x", upstream.message().path("params").path("uri").asText());
    }

    @Test
    void theMessageBuiltForATransportIsTheTreesAndLeavesTheClientsRequestAsItWas() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"arguments\":{\"x\":1}}}";
        ObjectNode request = (ObjectNode) JSON.readTree(body);

        UpstreamRequest upstream = UpstreamRequest.routed(JSON.getFactory(), request, utf8(body), "b");
        JsonNode message = upstream.message();

        assertEquals("b", message.path("params").path("name").asText());
        assertEquals(JSON.readTree(body), request);
        assertSame(message, upstream.message());
        assertEquals(message, JSON.readTree(upstream.encoded()));
    }
}

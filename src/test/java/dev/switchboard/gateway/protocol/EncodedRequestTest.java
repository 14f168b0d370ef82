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

/**
 * {@link EncodedRequest} as {@link MessageReader} finds it, and {@link UpstreamRequest} writing the same request from
 * the client's bytes or from its tree.
 */
class EncodedRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageReader READER = new MessageReader(JSON);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The request for the upstream as {@link UpstreamRequest} writes it from the client's bytes. */
    private static String inPlace(String body, String upstreamKey) throws Exception {
        MessageReader.Read read = READER.read(utf8(body));
        ObjectNode request = (ObjectNode) read.tree();
        assertEquals(JSON.readTree(body), request);
        byte[] encoded = UpstreamRequest.routed(request, read.request(), upstreamKey).encoded();
        // The upstream reads the same message as the one the tree gives.
        UpstreamRequest fromTree = UpstreamRequest.routed(request, null, upstreamKey);
        assertEquals(fromTree.message(), JSON.readTree(encoded));
        assertEquals(JSON.readTree(fromTree.encoded()), JSON.readTree(encoded));
        return new String(encoded, StandardCharsets.UTF_8);
    }

    /** The request as sent, when the reader finds it plain; else null. */
    private static EncodedRequest sent(String body) throws Exception {
        return READER.read(utf8(body)).request();
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
        assertNull(sent(body));
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
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\"}} x",
    })
    void aBodyThatIsNotAPlainRequestIsNotTakenAsOne(String body) throws Exception {
        assertNull(sent(body));
    }

    @Test
    void namesDeeperInTheRequestAreNotItsOwn() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":{\"name\":\"x\","
                + "\"id\":2,\"_meta\":{\"progressToken\":3}},\"params\":{\"name\":\"y\"},\"name\":\"a__b\"}}";

        assertEquals(body.replace("\"id\":1", "\"id\":" + upstreamId("1")).replace("\"a__b\"", "\"b\""), inPlace(body, "b"));
    }

    @Test
    void theProgressTokenMustBeThereExactlyWhenOneIsGiven() throws Exception {
        EncodedRequest withToken = sent("{\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{\"progressToken\":\"t\"}}}");
        EncodedRequest without = sent("{\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"_meta\":{}}}");

        assertNull(withToken.forUpstream("c:1", "b", null));
        assertNull(without.forUpstream("c:1", "b", "c:\"t\""));
        assertNotNull(withToken.forUpstream("c:1", "b", "c:\"t\""));
        assertNotNull(without.forUpstream("c:1", "b", null));
    }

    @Test
    void otherMethodsAreWrittenFromTheTree() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"a+file:///x\"}}";
        MessageReader.Read read = READER.read(utf8(body));

        UpstreamRequest upstream = UpstreamRequest.routed((ObjectNode) read.tree(), read.request(), "file:///x");

        assertArrayEquals(utf8(upstream.message().toString()), upstream.encoded());
        assertEquals("file:///x", upstream.message().path("params").path("uri").asText());
    }

    @Test
    void theMessageBuiltForATransportIsTheTreesAndLeavesTheClientsRequestAsItWas() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"arguments\":{\"x\":1}}}";
        MessageReader.Read read = READER.read(utf8(body));
        ObjectNode request = (ObjectNode) read.tree();

        UpstreamRequest upstream = UpstreamRequest.routed(request, read.request(), "b");
        JsonNode message = upstream.message();

        assertEquals("b", message.path("params").path("name").asText());
        assertEquals(JSON.readTree(body), request);
        assertSame(message, upstream.message());
        assertEquals(message, JSON.readTree(upstream.encoded()));
    }
}

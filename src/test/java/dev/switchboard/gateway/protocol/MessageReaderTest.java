package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MessageReader}: the tree the mapper's readTree gives, node class for node class. */
class MessageReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageReader READER = new MessageReader(JSON);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Equal trees whose every node is of the same class (equals alone tells an int from a long, not every case). */
    private static void assertSameTree(JsonNode expected, JsonNode actual, String at) {
        assertEquals(expected.getClass(), actual.getClass(), at);
        assertEquals(expected, actual, at);
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            Iterator<String> names = actual.fieldNames();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertEquals(field.getKey(), names.next(), at + " field order");
                assertSameTree(field.getValue(), actual.get(field.getKey()), at + "." + field.getKey());
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSameTree(expected.get(i), actual.get(i), at + "[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"arguments\":{\"x\":[1,2.5,\"s\",null,true,false]}}}",
        "{\"ints\":[0,-1,2147483647,-2147483648,2147483648,-2147483649,9223372036854775807,9223372036854775808,-9223372036854775809]}",
        "{\"floats\":[0.0,-0.0,1.5e3,1E-3,-2.5E+10,1e400,123456789012345678901234567890.5,0.1]}",
        "{\"text\":\"h\u00e9llo \\\"q\\\" \\u00e9 \\n \\ud83d\\ude00 \u2603\",\"\":\"empty name\",\"esc\\u0041ped\":1}",
        "{\"a\":1,\"b\":2,\"a\":{\"c\":3},\"b\":null}",
        "{\"params\":{\"name\":\"x\",\"name\":\"y\",\"_meta\":{\"progressToken\":1,\"progressToken\":\"two\"}},\"params\":[1]}",
        "[1,[2,[3,{\"d\":[]}]],{}]",
        "\"a string\"",
        "42",
        "-3.25",
        "true",
        "null",
        "{}  ",
        "{\"a\":1} {\"b\":2}",
        "{\"a\":1} not json",
        "  \n\t{\"deep\":[[[[[[[[[[{\"e\":[[[[]]]]}]]]]]]]]]]}",
    })
    void readsTheTreeTheMapperReads(String body) throws Exception {
        assertSameTree(JSON.readTree(utf8(body)), READER.read(utf8(body)).tree(), "$");
    }

    @Test
    void aBodyWithoutAValueIsAMissingNode() throws Exception {
        assertInstanceOf(MissingNode.class, JSON.readTree(utf8("  ")));
        assertInstanceOf(MissingNode.class, READER.read(utf8("  ")).tree());
        assertInstanceOf(MissingNode.class, READER.read(new byte[0]).tree());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "{\"a\" 1}", "[1,]", "{'a':1}", "{\"a\":01}", "nul", "{\"a\":\"\\q\"}", "\u00ff"})
    void failsWhereTheMapperFails(String body) {
        assertThrows(IOException.class, () -> JSON.readTree(utf8(body)));
        assertThrows(IOException.class, () -> READER.read(utf8(body)));
    }

    @Test
    void aPlainToolCallIsGivenAsSent() throws Exception {
        MessageReader.Read read = READER.read(utf8(
                "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"arguments\":{}}}"));

        assertNotNull(read.request());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"method\":\"tools/call\",\"params\":{\"name\":\"b\",\"arguments\":{}}}",
                new String(read.request().forUpstream("c:1", "b", null), StandardCharsets.UTF_8));
    }

    @Test
    void aMapperThatReadsTreesOtherwiseReadsThemItselfAndNoRequestIsGivenAsSent() throws Exception {
        ObjectMapper decimals = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a__b\",\"arguments\":{\"n\":1.5}}}";

        MessageReader.Read read = new MessageReader(decimals).read(utf8(body));

        assertInstanceOf(DecimalNode.class, read.tree().path("params").path("arguments").get("n"));
        assertNull(read.request());
    }
}

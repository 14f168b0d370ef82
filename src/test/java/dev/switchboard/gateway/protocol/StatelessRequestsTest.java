package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StatelessRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "2026-07-28";

    private static ObjectNode message(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    private static ObjectNode call(String name) throws Exception {
        return message("""
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":{},
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","progressToken":"p1",
                          "io.modelcontextprotocol/clientCapabilities":{}}}}""".formatted(name));
    }

    @Test
    void headersThatMirrorTheBodyPass() throws Exception {
        assertNull(StatelessRequests.headerMismatch(V, "tools/call", "a__echo", call("a__echo")));
    }

    @Test
    void eachMirroredHeaderIsCheckedAgainstTheBody() throws Exception {
        assertTrue(StatelessRequests.headerMismatch("2025-11-25", "tools/call", "a__echo", call("a__echo")).contains("MCP-Protocol-Version"));
        assertTrue(StatelessRequests.headerMismatch(V, null, "a__echo", call("a__echo")).contains("Mcp-Method"));
        assertTrue(StatelessRequests.headerMismatch(V, "tools/list", "a__echo", call("a__echo")).contains("Mcp-Method"));
        assertTrue(StatelessRequests.headerMismatch(V, "tools/call", null, call("a__echo")).contains("Mcp-Name"));
        assertEquals("Header mismatch: Mcp-Name header value 'b' does not match body value 'a__echo'",
                StatelessRequests.headerMismatch(V, "tools/call", "b", call("a__echo")));
    }

    @Test
    void aBodyWithoutItsProtocolVersionIsRefused() throws Exception {
        ObjectNode list = message("""
                {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""");
        assertTrue(StatelessRequests.invalidMeta(list).contains("_meta"));
        assertTrue(StatelessRequests.invalidMeta(message("""
                {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"""))
                .contains("clientCapabilities"));
        assertNull(StatelessRequests.invalidMeta(call("a__echo")));
    }

    @Test
    void aBase64NameIsDecodedAndAMalformedOneRefused() throws Exception {
        String name = "caf\u00e9__tool";
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "?=";
        assertNull(StatelessRequests.headerMismatch(V, "tools/call", encoded, call(name)));
        assertTrue(StatelessRequests.headerMismatch(V, "tools/call", "=?base64?***?=", call(name)).contains("Base64"));
    }

    @Test
    void notificationsNeedNoHeaders() throws Exception {
        assertNull(StatelessRequests.headerMismatch(null, null, null, message("""
                {"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""")));
    }

    @Test
    void theUpstreamCopyKeepsOnlyTheClientsOwnMeta() throws Exception {
        ObjectNode upstream = StatelessRequests.forSessionUpstream(call("a__echo"));
        assertEquals("p1", upstream.path("params").path("_meta").path("progressToken").asText());
        assertFalse(upstream.path("params").path("_meta").has("io.modelcontextprotocol/protocolVersion"));
        ObjectNode bare = StatelessRequests.forSessionUpstream(message("""
                {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"""));
        assertFalse(bare.path("params").has("_meta"));
    }

    @Test
    void aResultFromA2025UpstreamIsComplete() throws Exception {
        ObjectNode response = message("""
                {"jsonrpc":"2.0","id":1,"result":{"content":[]}}""");
        assertEquals("complete", StatelessResults.typed(response).path("result").path("resultType").asText());
        ObjectNode error = message("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"x"}}""");
        assertFalse(StatelessResults.typed(error).has("result"));
    }

    @Test
    void aResourceReadThatFoundNothingIsInvalidParamsNamingTheRequestedUri() throws Exception {
        ObjectNode fromA2025Sdk = message("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Resource test://nope not found"}}""");
        JsonNode worded = StatelessResults.resourceNotFound(fromA2025Sdk, "a+test://nope");
        assertEquals(-32602, worded.at("/error/code").asInt());
        assertEquals("a+test://nope", worded.at("/error/data/uri").asText());

        ObjectNode older = message("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"not found","data":{"uri":"test://nope","why":"gone"}}}""");
        JsonNode reworded = StatelessResults.resourceNotFound(older, "a+test://nope");
        assertEquals(-32602, reworded.at("/error/code").asInt());
        assertEquals("a+test://nope", reworded.at("/error/data/uri").asText(), "the URI the client asked for, not the upstream's own");
        assertEquals("gone", reworded.at("/error/data/why").asText());

        ObjectNode otherError = message("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"boom"}}""");
        assertFalse(StatelessResults.resourceNotFound(otherError, "test://x").path("error").has("data"));
        ObjectNode notARead = message("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Unknown tool"}}""");
        assertFalse(StatelessResults.resourceNotFound(notARead, null).path("error").has("data"));
        ObjectNode textData = message("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"x","data":"free text"}}""");
        assertEquals("free text", StatelessResults.resourceNotFound(textData, "test://x").at("/error/data").asText());
    }

    @Test
    void anEnvelopedRequestStatesTheRevisionAndTheClientUnlessItAlreadyDoes() throws Exception {
        ObjectNode bare = message("""
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","_meta":{"progressToken":"p1"}}}""");
        ObjectNode enveloped = StatelessRequests.enveloped(bare, JSON.readTree("{\"name\":\"c\",\"version\":\"1\"}"), null);
        assertEquals(V, enveloped.at("/params/_meta/io.modelcontextprotocol~1protocolVersion").asText());
        assertEquals("c", enveloped.at("/params/_meta/io.modelcontextprotocol~1clientInfo/name").asText());
        assertEquals(JSON.createObjectNode(), enveloped.at("/params/_meta/io.modelcontextprotocol~1clientCapabilities"));
        assertEquals("p1", enveloped.at("/params/_meta/progressToken").asText(), "the rest of _meta is kept");
        assertFalse(bare.path("params").path("_meta").has(StatelessRequests.META_PROTOCOL_VERSION), "the request itself is left as it was");

        ObjectNode stated = call("echo");
        ((ObjectNode) stated.at("/params/_meta")).set(StatelessRequests.META_CLIENT_CAPABILITIES, JSON.readTree("{\"sampling\":{}}"));
        JsonNode kept = StatelessRequests.enveloped(stated, null, JSON.readTree("{\"elicitation\":{}}"));
        assertTrue(kept.at("/params/_meta/io.modelcontextprotocol~1clientCapabilities").has("sampling"),
                "what the client stated itself goes upstream");
    }

    @Test
    void theNameHeaderIsPlainForVisibleAsciiAndBase64Otherwise() throws Exception {
        assertEquals("a__echo", StatelessRequests.nameHeader(call("a__echo")));
        String encoded = StatelessRequests.nameHeader(call("caf\u00e9"));
        assertEquals("=?base64?" + Base64.getEncoder().encodeToString("caf\u00e9".getBytes(StandardCharsets.UTF_8)) + "?=", encoded);
        assertNull(StatelessRequests.headerMismatch(V, "tools/call", encoded, call("caf\u00e9")), "the gateway's own check reads it back");
        assertNull(StatelessRequests.nameHeader(message("""
                {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""")));
    }
}

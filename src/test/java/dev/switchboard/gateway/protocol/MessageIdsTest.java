package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An id as it arrives in a client's or upstream's message. */
    private static JsonNode id(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "-7", "2147483647", "2147483648", "-2147483648", "-2147483649", "123456789012345678",
            "1234567890123456789", "9007199254740993", "12345678901234567890", "1.5", "\"abc\"", "\"\"",
            "\"a:b\"", "\"c:1\"", "\"s:x:1\"", "\"say \\\"hi\\\"\"", "\"back\\\\slash\"", "\"üñî 😀\"", "\"{}\""})
    void clientIdsRoundTrip(String json) {
        JsonNode clientId = id(json);

        JsonNode upstreamId = MessageIds.clientToUpstream(clientId);

        assertTrue(upstreamId.isTextual(), "an upstream sees a string id");
        assertEquals(clientId, MessageIds.upstreamToClient(upstreamId));
    }

    @Test
    void aNumberAndTheSameDigitsAsStringStayDistinct() {
        JsonNode number = MessageIds.clientToUpstream(IntNode.valueOf(1));
        JsonNode string = MessageIds.clientToUpstream(TextNode.valueOf("1"));

        assertNotEquals(number, string);
        assertEquals(IntNode.valueOf(1), MessageIds.upstreamToClient(number));
        assertEquals(TextNode.valueOf("1"), MessageIds.upstreamToClient(string));
    }

    @Test
    void gatewayIdsAreNotTheClients() {
        JsonNode gatewayId = MessageIds.gateway("setLevel");

        assertTrue(gatewayId.isTextual());
        assertNull(MessageIds.upstreamToClient(gatewayId));
        assertNull(MessageIds.clientResponseToUpstream(gatewayId));
    }

    @Test
    void gatewayIdsCannotCollideWithClientIds() {
        assertNotEquals(MessageIds.gateway("\"x\""), MessageIds.clientToUpstream(TextNode.valueOf("x")));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"5", "\"abc\"", "\"s:gh:1\"", "\"g:init\"", "\"C:1\"", "null", "true", "{}", "[\"c:1\"]"})
    void foreignUpstreamIdsMapToNull(String json) {
        assertNull(MessageIds.upstreamToClient(json == null ? null : id(json)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c:", "c:{", "c:\"unterminated", "c:{}", "c:[1]", "c:null", "c:true", "c:abc", "c:01", "c:-",
            "c:1a", "c:+1"})
    void malformedClientIdsMapToNull(String upstreamId) {
        assertNull(MessageIds.upstreamToClient(TextNode.valueOf(upstreamId)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "github|1",
            "my-tools|42",
            "my_tools|\"req-1\"",
            "a-b_c|\"a:b:c\"",
            "gh|\"s:gh:1\"",
            "gh|\"c:1\"",
            "x9|-3",
            "gh|\"quote \\\" and slash /\""})
    void upstreamRequestIdsRoundTripThroughTheClient(String slug, String json) {
        JsonNode upstreamId = id(json);

        JsonNode clientSideId = MessageIds.upstreamRequestToClient(slug, upstreamId);

        assertTrue(clientSideId.isTextual(), "a client sees a string id");
        assertEquals(new MessageIds.UpstreamRequestId(slug, upstreamId), MessageIds.clientResponseToUpstream(clientSideId));
    }

    @Test
    void theSameUpstreamIdFromTwoUpstreamsGivesTwoClientIds() {
        assertNotEquals(MessageIds.upstreamRequestToClient("a", IntNode.valueOf(1)),
                MessageIds.upstreamRequestToClient("b", IntNode.valueOf(1)));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"7", "\"abc\"", "\"c:1\"", "\"g:x\"", "null", "{}"})
    void clientIdsTheGatewayDidNotMakeAnswerNoUpstream(String json) {
        assertNull(MessageIds.clientResponseToUpstream(json == null ? null : id(json)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s:", "s:gh", "s::1", "s:gh:", "s:gh:{", "s:gh:{}", "s:gh:null", "s:gh:[1]", "s:gh:abc"})
    void malformedClientSideIdsAnswerNoUpstream(String clientSideId) {
        assertNull(MessageIds.clientResponseToUpstream(TextNode.valueOf(clientSideId)));
    }

    @Test
    void clientIdsAreNotTakenForUpstreamRequestIds() {
        JsonNode upstreamBound = MessageIds.clientToUpstream(TextNode.valueOf("s:gh:1"));

        assertNull(MessageIds.clientResponseToUpstream(upstreamBound));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "github|42",
            "my-tools|0",
            "my_tools|a/b/c",
            "gh|slug/1",
            "gh|9f8e:7d"})
    void eventIdsRoundTrip(String slug, String upstreamEventId) {
        String clientEventId = MessageIds.eventIdToClient(slug, upstreamEventId);

        assertEquals(new MessageIds.UpstreamEventId(slug, upstreamEventId), MessageIds.eventIdFromClient(clientEventId));
    }

    @Test
    void eventIdsAreTheSlugSlashTheUpstreamId() {
        assertEquals("gh/42", MessageIds.eventIdToClient("gh", "42"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "42", "/42", "/"})
    void eventIdsWithoutSlugGiveNull(String lastEventId) {
        assertNull(MessageIds.eventIdFromClient(lastEventId));
    }
}

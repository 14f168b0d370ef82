package dev.switchboard.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.gateway.fanout.MessageRoutes;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.relay.UpstreamMessages.Addressed;
import dev.switchboard.gateway.relay.UpstreamMessages.Rewritten;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLUG = "my-tools";
    private static final Predicate<String> CAN_EVERYTHING = capability -> true;
    private static final Predicate<String> CAN_NOTHING = capability -> false;

    private static ObjectNode message(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** The upstream-side id the gateway gives a client's id, as JSON text inside a JSON string. */
    private static String upstreamIdJson(JsonNode clientId) {
        return MessageIds.clientToUpstream(clientId).toString();
    }

    // ---- upstream → client: responses

    @Test
    void aResultGetsTheClientsIdBack() {
        ObjectNode response = message("{\"jsonrpc\":\"2.0\",\"id\":" + upstreamIdJson(TextNode.valueOf("req:1"))
                + ",\"result\":{\"content\":[]}}");

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, response, CAN_NOTHING, true);

        assertEquals(message("{\"jsonrpc\":\"2.0\",\"id\":\"req:1\",\"result\":{\"content\":[]}}"), rewritten.toClient());
        assertNull(rewritten.answerUpstream());
    }

    @Test
    void anErrorGetsTheClientsIdBack() {
        ObjectNode response = message("{\"jsonrpc\":\"2.0\",\"id\":" + upstreamIdJson(IntNode.valueOf(7))
                + ",\"error\":{\"code\":-32602,\"message\":\"bad\"}}");

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, response, CAN_NOTHING, true);

        assertEquals(message("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,\"message\":\"bad\"}}"),
                rewritten.toClient());
    }

    @Test
    void aResponseToAGatewayRequestIsDropped() {
        ObjectNode response = JsonRpc.result(MessageIds.gateway("setLevel"), JSON.createObjectNode());

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, response, CAN_EVERYTHING, true);

        assertNull(rewritten.toClient());
        assertNull(rewritten.answerUpstream());
    }

    @Test
    void aResponseToAnIdNobodySentIsDropped() {
        Rewritten rewritten = UpstreamMessages.toClient(SLUG, message("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}"),
                CAN_EVERYTHING, true);

        assertNull(rewritten.toClient());
        assertNull(rewritten.answerUpstream());
    }

    @Test
    void rewritingAResponseLeavesTheUpstreamsMessageAlone() {
        ObjectNode response = message("{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{}}");
        ObjectNode before = response.deepCopy();

        UpstreamMessages.toClient(SLUG, response, CAN_NOTHING, true);

        assertEquals(before, response);
    }

    // ---- upstream → client: requests

    @Test
    void anUpstreamPingIsAnsweredToTheUpstreamAndNotForwarded() {
        ObjectNode ping = message("{\"jsonrpc\":\"2.0\",\"id\":\"p-1\",\"method\":\"ping\"}");

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, ping, CAN_EVERYTHING, true);

        assertNull(rewritten.toClient());
        assertEquals(message("{\"jsonrpc\":\"2.0\",\"id\":\"p-1\",\"result\":{}}"), rewritten.answerUpstream());
    }

    @ParameterizedTest
    @CsvSource({
            "sampling/createMessage, sampling",
            "elicitation/create, elicitation",
            "roots/list, roots"})
    void aServerRequestIsForwardedWithAMappedIdWhenTheClientDeclaredTheCapability(String method, String capability) {
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"" + method + "\",\"params\":{\"x\":1}}");
        List<String> asked = new ArrayList<>();

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, request, c -> asked.add(c) && c.equals(capability), true);

        assertNull(rewritten.answerUpstream());
        ObjectNode forwarded = rewritten.toClient();
        assertNotNull(forwarded);
        assertEquals(List.of(capability), asked);
        assertEquals(method, forwarded.get("method").asText());
        assertEquals(request.get("params"), forwarded.get("params"));
        assertEquals(new MessageIds.UpstreamRequestId(SLUG, IntNode.valueOf(5)),
                MessageIds.clientResponseToUpstream(forwarded.get("id")));
        assertEquals(IntNode.valueOf(5), request.get("id"), "the upstream's message is not changed");
    }

    @ParameterizedTest
    @CsvSource({
            "sampling/createMessage, sampling",
            "elicitation/create, elicitation",
            "roots/list, roots"})
    void aServerRequestTheClientCannotServeIsAnsweredWithMethodNotFound(String method, String capability) {
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":\"u-9\",\"method\":\"" + method + "\",\"params\":{}}");
        // the client declared every capability except the one this request needs
        Predicate<String> clientCan = c -> !c.equals(capability);

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, request, clientCan, true);

        assertNull(rewritten.toClient());
        ObjectNode answer = rewritten.answerUpstream();
        assertNotNull(answer);
        assertEquals("2.0", answer.get("jsonrpc").asText());
        assertEquals(TextNode.valueOf("u-9"), answer.get("id"));
        assertEquals(-32601, answer.path("error").path("code").asInt());
        assertTrue(answer.path("error").path("message").asText().contains(capability));
        assertFalse(answer.has("result"));
    }

    @ParameterizedTest
    @CsvSource({
            "sampling/createMessage, sampling",
            "elicitation/create, elicitation",
            "roots/list, roots"})
    void aServerRequestAStatelessClientCannotServeIsAnsweredWithMissingCapabilityNamingIt(String method, String capability) {
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":\"u-9\",\"method\":\"" + method + "\",\"params\":{}}");

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, request, c -> !c.equals(capability), true, true);

        assertNull(rewritten.toClient());
        ObjectNode answer = rewritten.answerUpstream();
        assertEquals(TextNode.valueOf("u-9"), answer.get("id"));
        assertEquals(-32021, answer.path("error").path("code").asInt());
        assertEquals(message("{\"" + capability + "\":{}}"), answer.path("error").path("data").path("requiredCapabilities"));
    }

    @Test
    void anotherServerRequestIsForwardedWithoutACapabilityCheck() {
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x-vendor/thing\"}");

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, request, CAN_NOTHING, true);

        assertNull(rewritten.answerUpstream());
        assertEquals(new MessageIds.UpstreamRequestId(SLUG, IntNode.valueOf(1)),
                MessageIds.clientResponseToUpstream(rewritten.toClient().get("id")));
    }

    // ---- upstream → client: notifications

    @Test
    void aProgressTokenGetsTheClientsTokenBack() {
        ObjectNode progress = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":"
                + upstreamIdJson(TextNode.valueOf("tok-1")) + ",\"progress\":3,\"total\":10}}");
        ObjectNode before = progress.deepCopy();

        Rewritten rewritten = UpstreamMessages.toClient(SLUG, progress, CAN_NOTHING, true);

        assertEquals(message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                + "\"params\":{\"progressToken\":\"tok-1\",\"progress\":3,\"total\":10}}"), rewritten.toClient());
        assertNull(rewritten.answerUpstream());
        assertEquals(before, progress, "the upstream's message is not changed");
    }

    @Test
    void aNumericProgressTokenGetsItsNumberBack() {
        ObjectNode progress = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":"
                + upstreamIdJson(IntNode.valueOf(12)) + ",\"progress\":1}}");

        ObjectNode toClient = UpstreamMessages.toClient(SLUG, progress, CAN_NOTHING, true).toClient();

        assertEquals(IntNode.valueOf(12), toClient.path("params").get("progressToken"));
    }

    @Test
    void aProgressTokenTheGatewayDidNotMapIsLeftAsItIs() {
        ObjectNode progress = message(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"own\",\"progress\":1}}");

        assertEquals(progress, UpstreamMessages.toClient(SLUG, progress, CAN_NOTHING, true).toClient());
    }

    @Test
    void anUpstreamCancellationNamesTheIdTheClientKnowsTheRequestBy() {
        ObjectNode cancelled = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":\"a:1\",\"reason\":\"timeout\"}}");

        ObjectNode toClient = UpstreamMessages.toClient(SLUG, cancelled, CAN_NOTHING, true).toClient();

        JsonNode requestId = toClient.path("params").get("requestId");
        assertEquals(MessageIds.upstreamRequestToClient(SLUG, TextNode.valueOf("a:1")), requestId);
        assertEquals(new MessageIds.UpstreamRequestId(SLUG, TextNode.valueOf("a:1")), MessageIds.clientResponseToUpstream(requestId));
        assertEquals("timeout", toClient.path("params").path("reason").asText());
    }

    @Test
    void theCancellationOfAForwardedRequestNamesTheIdTheClientWasSent() {
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"sampling/createMessage\",\"params\":{}}");
        ObjectNode cancelled = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":8}}");

        JsonNode sentId = UpstreamMessages.toClient(SLUG, request, CAN_EVERYTHING, true).toClient().get("id");
        JsonNode cancelledId = UpstreamMessages.toClient(SLUG, cancelled, CAN_EVERYTHING, true).toClient().path("params")
                .get("requestId");

        assertEquals(sentId, cancelledId);
    }

    @Test
    void anUpdatedResourceUriIsPrefixedWhenNamesArePrefixed() {
        ObjectNode updated = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                + "\"params\":{\"uri\":\"file:///notes.txt\"}}");
        ObjectNode before = updated.deepCopy();

        ObjectNode toClient = UpstreamMessages.toClient(SLUG, updated, CAN_NOTHING, true).toClient();

        assertEquals("my-tools+file:///notes.txt", toClient.path("params").path("uri").asText());
        assertEquals(before, updated, "the upstream's message is not changed");
    }

    @Test
    void anUpdatedResourceUriIsLeftAsItIsWhenNamesAreNotPrefixed() {
        ObjectNode updated = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                + "\"params\":{\"uri\":\"file:///notes.txt\"}}");

        assertEquals(updated, UpstreamMessages.toClient(SLUG, updated, CAN_NOTHING, false).toClient());
    }

    @Test
    void otherNotificationsPassUnchanged() {
        ObjectNode listChanged = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
        ObjectNode log = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                + "\"params\":{\"level\":\"info\",\"data\":\"c:1\"}}");

        assertEquals(listChanged, UpstreamMessages.toClient(SLUG, listChanged, CAN_NOTHING, true).toClient());
        assertEquals(log, UpstreamMessages.toClient(SLUG, log, CAN_NOTHING, true).toClient());
        assertNull(UpstreamMessages.toClient(SLUG, log, CAN_NOTHING, true).answerUpstream());
    }

    // ---- client → upstream

    @Test
    void aClientRequestGoesUpstreamWithItsIdAndProgressTokenMapped() {
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"gh__search\",\"arguments\":{\"q\":\"x\"},\"_meta\":{\"progressToken\":\"p:1\",\"other\":true}}}");
        ObjectNode before = request.deepCopy();

        ObjectNode upstream = UpstreamMessages.requestToUpstream(request);

        assertEquals(MessageIds.clientToUpstream(IntNode.valueOf(1)), upstream.get("id"));
        JsonNode token = upstream.path("params").path("_meta").get("progressToken");
        assertEquals(MessageIds.clientToUpstream(TextNode.valueOf("p:1")), token);
        assertEquals(TextNode.valueOf("p:1"), MessageIds.upstreamToClient(token));
        assertTrue(upstream.path("params").path("_meta").path("other").asBoolean());
        assertEquals(before.path("params").path("arguments"), upstream.path("params").path("arguments"));
        assertEquals("tools/call", upstream.path("method").asText());
        assertEquals(before, request, "the client's request is not changed");
    }

    @Test
    void namingTheUpstreamCopyLeavesTheClientsRequestAsItWas() {
        ObjectNode call = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"gh__search\",\"arguments\":{\"q\":\"x\"}}}");
        ObjectNode completion = message("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"completion/complete\","
                + "\"params\":{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"gh__review\"},\"argument\":{\"name\":\"a\",\"value\":\"b\"}}}");
        ObjectNode callBefore = call.deepCopy();
        ObjectNode completionBefore = completion.deepCopy();

        ObjectNode upstreamCall = UpstreamMessages.requestToUpstream(call);
        MessageRoutes.rename("tools/call", (ObjectNode) upstreamCall.get("params"), "search");
        ObjectNode upstreamCompletion = UpstreamMessages.requestToUpstream(completion);
        MessageRoutes.rename("completion/complete", (ObjectNode) upstreamCompletion.get("params"), "review");

        assertEquals("search", upstreamCall.path("params").path("name").asText());
        assertEquals("review", upstreamCompletion.path("params").path("ref").path("name").asText());
        assertEquals(callBefore, call, "the client's tools/call is not changed");
        assertEquals(completionBefore, completion, "the client's completion/complete is not changed");
    }

    @Test
    void aClientRequestWithoutProgressTokenOrParamsGoesUpstreamWithOnlyItsIdMapped() {
        ObjectNode noParams = message("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/list\"}");
        ObjectNode noToken = message("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\",\"_meta\":{}}}");

        ObjectNode upstreamNoParams = UpstreamMessages.requestToUpstream(noParams);
        ObjectNode upstreamNoToken = UpstreamMessages.requestToUpstream(noToken);

        assertEquals(MessageIds.clientToUpstream(TextNode.valueOf("x")), upstreamNoParams.get("id"));
        assertFalse(upstreamNoParams.has("params"));
        assertEquals(message("{\"name\":\"p\",\"_meta\":{}}"), upstreamNoToken.get("params"));
    }

    @Test
    void aClientsProgressComesBackWithItsOwnToken() {
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"t\",\"_meta\":{\"progressToken\":99}}}");
        JsonNode upstreamToken = UpstreamMessages.requestToUpstream(request).path("params").path("_meta").get("progressToken");
        ObjectNode progress = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}");
        ((ObjectNode) progress.get("params")).set("progressToken", upstreamToken);

        ObjectNode toClient = UpstreamMessages.toClient(SLUG, progress, CAN_NOTHING, true).toClient();

        assertEquals(IntNode.valueOf(99), toClient.path("params").get("progressToken"));
    }

    @Test
    void aClientCancellationNamesTheUpstreamsIdOfTheRequest() {
        ObjectNode cancelled = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                + "\"params\":{\"requestId\":\"r:1\",\"reason\":\"user\"}}");
        ObjectNode before = cancelled.deepCopy();
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":\"r:1\",\"method\":\"tools/call\",\"params\":{}}");

        ObjectNode upstream = UpstreamMessages.cancelledToUpstream(cancelled);

        assertEquals(UpstreamMessages.requestToUpstream(request).get("id"), upstream.path("params").get("requestId"));
        assertEquals("user", upstream.path("params").path("reason").asText());
        assertEquals(before, cancelled, "the client's notification is not changed");
    }

    @Test
    void aClientCancellationWithoutRequestIdIsLeftAsItIs() {
        ObjectNode cancelled = message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"reason\":\"x\"}}");

        assertEquals(cancelled, UpstreamMessages.cancelledToUpstream(cancelled));
    }

    @Test
    void aClientsAnswerGoesToTheUpstreamThatAskedWithThatUpstreamsId() {
        ObjectNode request = message("{\"jsonrpc\":\"2.0\",\"id\":\"ask:1\",\"method\":\"elicitation/create\",\"params\":{}}");
        JsonNode clientSideId = UpstreamMessages.toClient("other_kit", request, CAN_EVERYTHING, true).toClient().get("id");
        ObjectNode answer = message("{\"jsonrpc\":\"2.0\",\"result\":{\"action\":\"accept\"}}");
        answer.set("id", clientSideId);
        ObjectNode before = answer.deepCopy();

        Addressed addressed = UpstreamMessages.responseToUpstream(answer);

        assertNotNull(addressed);
        assertEquals("other_kit", addressed.slug());
        assertEquals(message("{\"jsonrpc\":\"2.0\",\"id\":\"ask:1\",\"result\":{\"action\":\"accept\"}}"), addressed.message());
        assertEquals(before, answer, "the client's response is not changed");
    }

    @Test
    void aClientsErrorAnswerAlsoGoesBack() {
        ObjectNode answer = message("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-1,\"message\":\"declined\"}}");
        answer.set("id", MessageIds.upstreamRequestToClient("gh", IntNode.valueOf(4)));

        Addressed addressed = UpstreamMessages.responseToUpstream(answer);

        assertEquals("gh", addressed.slug());
        assertEquals(IntNode.valueOf(4), addressed.message().get("id"));
        assertEquals("declined", addressed.message().path("error").path("message").asText());
    }

    @Test
    void aClientResponseToNothingTheGatewayRelayedIsNotAddressed() {
        assertNull(UpstreamMessages.responseToUpstream(message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
        assertNull(UpstreamMessages.responseToUpstream(message("{\"jsonrpc\":\"2.0\",\"id\":\"c:1\",\"result\":{}}")));
        assertNull(UpstreamMessages.responseToUpstream(message("{\"jsonrpc\":\"2.0\",\"result\":{}}")));
    }

    @Test
    void aReadResultNamesItsContentsByTheExposedUriOnlyWhenPrefixed() {
        ObjectNode read = message("{\"jsonrpc\":\"2.0\",\"id\":\"c:4\",\"result\":{\"contents\":["
                + "{\"uri\":\"demo://a\",\"text\":\"x\"},{\"blob\":\"AA==\"}]}}");
        ObjectNode prefixed = UpstreamMessages.toClient(SLUG, read, CAN_EVERYTHING, true).toClient();
        assertEquals("my-tools+demo://a", prefixed.at("/result/contents/0/uri").asText());
        assertEquals(false, prefixed.at("/result/contents/1").has("uri"));
        ObjectNode plain = UpstreamMessages.toClient(SLUG, read, CAN_EVERYTHING, false).toClient();
        assertEquals("demo://a", plain.at("/result/contents/0/uri").asText());
        assertEquals("demo://a", read.at("/result/contents/0/uri").asText(), "the upstream's message is not changed");
    }
}

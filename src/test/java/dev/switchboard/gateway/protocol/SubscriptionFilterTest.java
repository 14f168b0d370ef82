package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode ID = TextNode.valueOf("listen:0");

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void aFilterIsReadFromTheListenParams() throws Exception {
        SubscriptionFilter filter = SubscriptionFilter.of(json("""
                {"notifications": {"toolsListChanged": true, "resourcesListChanged": false,
                                   "resourceSubscriptions": ["a+file:///x", "b+file:///y"]}}"""));
        assertEquals(new SubscriptionFilter(true, false, false, Set.of("a+file:///x", "b+file:///y")), filter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"notifications\": true}", "{\"notifications\": {\"resourceSubscriptions\": \"file:///x\"}}",
            "{\"notifications\": {\"resourceSubscriptions\": [1]}}", "{\"notifications\": {\"toolsListChanged\": \"yes\"}}"})
    void aMissingOrMalformedFilterIsNone(String params) throws Exception {
        assertNull(SubscriptionFilter.of(json(params)));
    }

    @Test
    void onlyWhatWasAskedForIsAccepted() throws Exception {
        SubscriptionFilter filter = new SubscriptionFilter(true, false, false, Set.of("a+file:///x"));
        assertTrue(filter.accepts(json("{\"method\": \"notifications/tools/list_changed\"}")));
        assertFalse(filter.accepts(json("{\"method\": \"notifications/prompts/list_changed\"}")));
        assertFalse(filter.accepts(json("{\"method\": \"notifications/resources/list_changed\"}")));
        assertTrue(filter.accepts(json("{\"method\": \"notifications/resources/updated\", \"params\": {\"uri\": \"a+file:///x\"}}")));
        assertFalse(filter.accepts(json("{\"method\": \"notifications/resources/updated\", \"params\": {\"uri\": \"a+file:///z\"}}")));
        assertFalse(filter.accepts(json("{\"method\": \"notifications/message\", \"params\": {\"level\": \"info\"}}")));
    }

    @Test
    void theHonoredFilterKeepsOnlyWhatCanBeServed() {
        SubscriptionFilter asked = new SubscriptionFilter(true, true, true, Set.of("a+file:///x", "a+file:///gone"));
        assertEquals(new SubscriptionFilter(true, false, true, Set.of("a+file:///x")),
                asked.honored(true, false, true, Set.of("a+file:///x", "b+file:///other")));
        assertTrue(asked.honored(false, false, false, Set.of()).isEmpty());
    }

    @Test
    void theAcknowledgementStatesTheHonoredFilterUnderTheSubscriptionId() throws Exception {
        ObjectNode ack = SubscriptionFilter.acknowledgement(ID, new SubscriptionFilter(true, false, false, Set.of("a+file:///x")));
        assertEquals(json("""
                {"jsonrpc": "2.0", "method": "notifications/subscriptions/acknowledged",
                 "params": {"notifications": {"toolsListChanged": true, "resourceSubscriptions": ["a+file:///x"]},
                            "_meta": {"io.modelcontextprotocol/subscriptionId": "listen:0"}}}"""), ack);
    }

    @Test
    void aNotificationIsStampedWithTheClientsSubscriptionIdInPlaceOfAnUpstreams() throws Exception {
        ObjectNode upstream = json("""
                {"jsonrpc": "2.0", "method": "notifications/resources/updated",
                 "params": {"uri": "a+file:///x", "_meta": {"io.modelcontextprotocol/subscriptionId": "switchboard-listen-1", "k": 1}}}""");
        ObjectNode stamped = SubscriptionFilter.stamped(upstream, ID);
        assertEquals(json("""
                {"jsonrpc": "2.0", "method": "notifications/resources/updated",
                 "params": {"uri": "a+file:///x", "_meta": {"io.modelcontextprotocol/subscriptionId": "listen:0", "k": 1}}}"""), stamped);
        assertEquals("switchboard-listen-1", upstream.path("params").path("_meta").path(SubscriptionFilter.META_SUBSCRIPTION_ID).asText(),
                "the upstream's message is left as it was");
        assertEquals(json("""
                {"jsonrpc": "2.0", "method": "notifications/tools/list_changed",
                 "params": {"_meta": {"io.modelcontextprotocol/subscriptionId": "listen:0"}}}"""),
                SubscriptionFilter.stamped(json("{\"jsonrpc\": \"2.0\", \"method\": \"notifications/tools/list_changed\"}"), ID));
    }

    @Test
    void theGracefulEndIsACompleteResultForTheListenRequest() throws Exception {
        assertEquals(json("""
                {"jsonrpc": "2.0", "id": "listen:0",
                 "result": {"resultType": "complete", "_meta": {"io.modelcontextprotocol/subscriptionId": "listen:0"}}}"""),
                SubscriptionFilter.ended(ID));
    }
}

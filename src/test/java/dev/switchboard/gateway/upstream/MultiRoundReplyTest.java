package dev.switchboard.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a 2025 client sees of a modern upstream's rounds: everything but the input-required results, on one stream. */
class MultiRoundReplyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASKING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resultType\":\"input_required\","
            + "\"inputRequests\":{\"k\":{\"method\":\"elicitation/create\",\"params\":{}}}}}";
    private static final String DONE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resultType\":\"complete\",\"content\":[]}}";

    /** The client's side of one answer, as written. */
    private static final class Recorded implements ClientReply {
        final List<String> sent = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        int streamsOpened;
        boolean ended;

        @Override
        public void send(JsonNode message) {
            sent.add(message.toString());
        }

        @Override
        public ClientStream openStream() {
            streamsOpened++;
            return new ClientStream() {
                @Override
                public void send(SseEvent event) {
                    events.add(event.data());
                }

                @Override
                public boolean isFull() {
                    return false;
                }

                @Override
                public void onDrain(Runnable listener) {
                }

                @Override
                public void onClose(Runnable listener) {
                }

                @Override
                public boolean isEnded() {
                    return ended;
                }

                @Override
                public void end() {
                    ended = true;
                }
            };
        }

        @Override
        public void accepted() {
        }
    }

    @Test
    void anInputRequiredJsonAnswerIsHeldAndTheFinalOneGoesOnTheStreamTheQuestionsWentOn() throws Exception {
        Recorded client = new Recorded();
        MultiRoundReply reply = new MultiRoundReply(client, JSON);
        reply.send(JSON.readTree(ASKING));
        assertTrue(client.sent.isEmpty(), "the client never sees an input-required result");
        assertEquals("input_required", reply.takeHeld().at("/result/resultType").asText());
        assertNull(reply.takeHeld(), "taken once");

        reply.stream().send(new SseEvent(null, null, "{\"jsonrpc\":\"2.0\",\"id\":\"s:1\",\"method\":\"elicitation/create\"}", null));
        reply.send(JSON.readTree(DONE), 400);
        assertEquals(1, client.streamsOpened);
        assertEquals(2, client.events.size());
        assertEquals(JSON.readTree(DONE), JSON.readTree(client.events.get(1)));
        assertTrue(client.ended, "the final answer ends the stream");
    }

    @Test
    void aStreamedRoundKeepsTheStreamOpenForTheNextOne() throws Exception {
        Recorded client = new Recorded();
        MultiRoundReply reply = new MultiRoundReply(client, JSON);
        ClientStream round1 = reply.openStream();
        round1.send(new SseEvent(null, null, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}", null));
        round1.send(new SseEvent(null, null, ASKING, null));
        round1.end();
        assertFalse(client.ended, "a held round leaves the stream open");
        assertEquals(1, client.events.size(), "progress passed, the input-required result did not");
        assertTrue(reply.takeHeld() != null);

        ClientStream round2 = reply.openStream();
        round2.send(new SseEvent(null, null, DONE, null));
        round2.end();
        assertEquals(1, client.streamsOpened, "one stream for every round");
        assertTrue(client.ended);
        assertNull(reply.takeHeld());
    }
}

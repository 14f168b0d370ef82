package dev.switchboard.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PendingInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aClientsAnswerCompletesTheRequestWaitingForIt() throws Exception {
        PendingInputs pending = new PendingInputs();
        var waiting = pending.awaitResponse(new TextNode("input-r-k"), Duration.ofSeconds(5)).subscribeAsCompletionStage();
        assertFalse(pending.complete(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":\"other\",\"result\":{}}")), "no one waits for that id");
        JsonNode answer = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":\"input-r-k\",\"result\":{\"action\":\"accept\"}}");
        assertTrue(pending.complete(answer));
        assertEquals(answer, waiting.get());
        assertEquals(0, pending.size());
    }

    @Test
    void aClientThatNeverAnswersFailsTheRoundAndLeavesNothingBehind() {
        PendingInputs pending = new PendingInputs();
        var waiting = pending.awaitResponse(new TextNode("input-r-k"), Duration.ofMillis(50)).subscribeAsCompletionStage();
        assertThrows(Exception.class, waiting::get);
        assertEquals(0, pending.size());
    }
}

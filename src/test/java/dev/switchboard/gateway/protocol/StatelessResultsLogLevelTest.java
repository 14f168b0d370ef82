package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which upstream log messages a 2026-07-28 request gets, by the log level its {@code _meta} asks for. */
class StatelessResultsLogLevelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode log(String level) throws Exception {
        return JSON.readTree("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"" + level
                + "\",\"data\":\"x\"}}");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "info, none, false",
            "emergency, none, false",
            "info, info, true",
            "warning, info, true",
            "debug, info, false",
            "error, error, true",
            "notice, warning, false",
            "info, loud, false",
            "shouting, debug, false"})
    void aLogMessagePassesFromTheLevelAskedForUp(String level, String asked, boolean passes) throws Exception {
        assertEquals(passes, StatelessResults.passesLogLevel(log(level), asked));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {"none", "error"})
    void anythingButALogMessagePasses(String asked) throws Exception {
        assertEquals(true, StatelessResults.passesLogLevel(JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1}}"), asked));
        assertEquals(true, StatelessResults.passesLogLevel(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"), asked));
    }
}

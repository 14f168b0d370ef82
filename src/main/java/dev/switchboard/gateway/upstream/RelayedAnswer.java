package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.protocol.ResponseOutcome;

/**
 * How a relayed request went upstream: the HTTP status the upstream answered (200 when it answered in MCP), and how
 * the response relayed to the client ended the request (null when none was: an HTTP error, or a stream that ended
 * first).
 */
public record RelayedAnswer(int status, ResponseOutcome outcome) {

    /** The upstream's status, and the response relayed (or null). */
    public static RelayedAnswer of(int status, JsonNode response) {
        return new RelayedAnswer(status, response == null ? null : ResponseOutcome.of(response));
    }

    /** Whether a response reached the client. */
    public boolean answered() {
        return outcome != null;
    }
}

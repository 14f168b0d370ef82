package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a relayed request went upstream: the HTTP status the upstream answered (200 when it answered in
 * MCP), and the response relayed to the client (null when none was: an HTTP error, or a stream that ended first).
 */
public record RelayedAnswer(int status, JsonNode response) {
}

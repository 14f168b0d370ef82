package dev.switchboard.toolrouter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a session's stored configuration (the JSON in {@code tool_router_session.config}). */
final class StoredSessionConfig {

    private StoredSessionConfig() {
    }

    static JsonNode parse(ObjectMapper json, String config) {
        try {
            return json.readTree(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored session config is not JSON", e);
        }
    }
}

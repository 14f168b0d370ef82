package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** How a JSON-RPC response ended a request, as the gateway counts and audits it. */
public enum ResponseOutcome {
    RESULT, TOOL_ERROR, ERROR;

    public static ResponseOutcome of(JsonNode response) {
        if (response.has("error")) {
            return ERROR;
        }
        return response.path("result").path("isError").asBoolean(false) ? TOOL_ERROR : RESULT;
    }
}

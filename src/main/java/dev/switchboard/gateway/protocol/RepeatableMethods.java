package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The MCP requests that change nothing on the server, so that sending one twice does what sending it once does:
 * listings, reads, completions, discovery and {@code ping}. {@code resources/subscribe} and {@code unsubscribe}
 * and {@code logging/setLevel} set a state to a value and are repeatable too. A tool call is not, whatever its
 * annotations hint: the gateway cannot know it was not carried out.
 */
public final class RepeatableMethods {

    private static final Set<String> REPEATABLE = Set.of("ping", "tools/list", "prompts/list", "prompts/get",
            "resources/list", "resources/templates/list", "resources/read", "resources/subscribe",
            "resources/unsubscribe", "completion/complete", "logging/setLevel", "server/discover");

    private RepeatableMethods() {
    }

    public static boolean isRepeatable(String method) {
        return method != null && REPEATABLE.contains(method);
    }

    /** Whether this JSON-RPC message is a request of a repeatable method. */
    public static boolean isRepeatable(JsonNode message) {
        return isRepeatable(message.path("method").textValue());
    }
}

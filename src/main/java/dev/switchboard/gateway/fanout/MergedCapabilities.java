package dev.switchboard.gateway.fanout;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.upstream.UpstreamSession;
import java.util.Collection;

/**
 * The capabilities the gateway declares to a client: tools always (an empty list is still a list), and
 * each other capability when at least one upstream of the session declared it. List changes are relayed
 * on the standalone stream, so the lists say they may change.
 */
public final class MergedCapabilities {

    private MergedCapabilities() {
    }

    public static ObjectNode of(Collection<UpstreamSession> sessions) {
        ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
        capabilities.putObject("tools").put("listChanged", true);
        if (sessions.stream().anyMatch(s -> s.can("prompts"))) {
            capabilities.putObject("prompts").put("listChanged", true);
        }
        if (sessions.stream().anyMatch(s -> s.can("resources"))) {
            capabilities.putObject("resources").put("listChanged", true)
                    .put("subscribe", sessions.stream().anyMatch(s -> s.can("resources.subscribe")));
        }
        if (sessions.stream().anyMatch(s -> s.can("logging"))) {
            capabilities.putObject("logging");
        }
        if (sessions.stream().anyMatch(s -> s.can("completions"))) {
            capabilities.putObject("completions");
        }
        return capabilities;
    }
}

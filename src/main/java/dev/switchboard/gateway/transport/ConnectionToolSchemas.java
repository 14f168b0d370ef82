package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.ConnectionToolNames;
import java.util.List;

/** The connection-management tools ({@link ConnectionToolNames}) as {@code tools/list} shows them. */
final class ConnectionToolSchemas {

    static final String LIST = ConnectionToolNames.LIST;
    static final String START = ConnectionToolNames.START;
    static final String WAIT = ConnectionToolNames.WAIT;
    static final List<String> NAMES = ConnectionToolNames.ALL;
    static final int MAX_WAIT_SECONDS = 50;
    static final int DEFAULT_WAIT_SECONDS = 30;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ConnectionToolSchemas() {
    }

    /** The three tools; {@code connectable} are the toolkits a user may connect an account to (the start tool's enum). */
    static List<ObjectNode> tools(List<String> connectable) {
        ObjectNode list = tool(LIST, "List my connections",
                "Lists the user's connected accounts for this server's toolkits with their status (ACTIVE, INITIATED, "
                        + "EXPIRED, FAILED, INACTIVE, REVOKED), and for each toolkit whether a connection is required, optional "
                        + "or not needed.");
        list.withObjectProperty("annotations").put("readOnlyHint", true);

        ObjectNode start = tool(START, "Connect an account",
                "Starts connecting the user's own account to a toolkit and answers a link. Show the link to the user: they "
                        + "open it in a browser (it works once, for 10 minutes) and sign in or enter their key. Then call "
                        + WAIT + " with the connected_account_id. Where the client can open links for the user (URL-mode "
                        + "elicitation), the user is asked directly and the tool answers once the connection is made, or with "
                        + "user_answer decline or cancel.");
        ObjectNode toolkit = property(start, "toolkit", "string", "The toolkit to connect");
        if (!connectable.isEmpty()) {
            ArrayNode values = toolkit.putArray("enum");
            connectable.forEach(values::add);
        }
        start.withObjectProperty("inputSchema").putArray("required").add("toolkit");

        ObjectNode wait = tool(WAIT, "Wait for a connection",
                "Waits until a connection started with " + START + " is ACTIVE, fails or expires, at most timeout_seconds "
                        + "(default " + DEFAULT_WAIT_SECONDS + ", at most " + MAX_WAIT_SECONDS + "). If it is still pending, "
                        + "call again.");
        wait.withObjectProperty("annotations").put("readOnlyHint", true);
        property(wait, "connected_account_id", "string", "The id " + START + " answered");
        property(wait, "timeout_seconds", "integer", "How long to wait at most").put("minimum", 1)
                .put("maximum", MAX_WAIT_SECONDS).put("default", DEFAULT_WAIT_SECONDS);
        wait.withObjectProperty("inputSchema").putArray("required").add("connected_account_id");
        return List.of(list, start, wait);
    }

    private static ObjectNode tool(String name, String title, String description) {
        ObjectNode tool = JSON.objectNode().put("name", name).put("title", title).put("description", description);
        tool.putObject("inputSchema").put("type", "object").put("additionalProperties", false).putObject("properties");
        tool.putObject("annotations").put("openWorldHint", false);
        return tool;
    }

    private static ObjectNode property(ObjectNode tool, String name, String type, String description) {
        return tool.withObjectProperty("inputSchema").withObjectProperty("properties").putObject(name).put("type", type).put("description", description);
    }
}

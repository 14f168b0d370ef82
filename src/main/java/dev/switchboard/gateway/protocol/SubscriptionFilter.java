package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a 2026-07-28 {@code subscriptions/listen} asks for (its {@code notifications}): the list changes and
 * the resource URIs whose updates the stream carries, nothing else. Pure, with the messages of the pattern:
 * the acknowledgement, the notifications stamped with the subscription's id, the graceful end.
 */
public record SubscriptionFilter(boolean tools, boolean prompts, boolean resources, Set<String> resourceUris) {

    public static final String METHOD = "subscriptions/listen";
    public static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
    public static final String META_SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
    public static final String TOOLS_CHANGED = "notifications/tools/list_changed";
    public static final String PROMPTS_CHANGED = "notifications/prompts/list_changed";
    public static final String RESOURCES_CHANGED = "notifications/resources/list_changed";
    public static final String RESOURCE_UPDATED = "notifications/resources/updated";

    public SubscriptionFilter {
        resourceUris = Set.copyOf(resourceUris);
    }

    /** The filter a listen request states, or null when its {@code notifications} is missing or malformed. */
    public static SubscriptionFilter of(JsonNode params) {
        JsonNode notifications = params.path("notifications");
        if (!notifications.isObject()) {
            return null;
        }
        JsonNode uris = notifications.path("resourceSubscriptions");
        Set<String> resourceUris = new LinkedHashSet<>();
        if (!uris.isMissingNode() && !uris.isNull()) {
            if (!uris.isArray()) {
                return null;
            }
            for (JsonNode uri : uris) {
                if (!uri.isTextual()) {
                    return null;
                }
                resourceUris.add(uri.textValue());
            }
        }
        for (String flag : List.of("toolsListChanged", "promptsListChanged", "resourcesListChanged")) {
            JsonNode value = notifications.get(flag);
            if (value != null && !value.isBoolean() && !value.isNull()) {
                return null;
            }
        }
        return new SubscriptionFilter(notifications.path("toolsListChanged").asBoolean(false),
                notifications.path("promptsListChanged").asBoolean(false),
                notifications.path("resourcesListChanged").asBoolean(false), resourceUris);
    }

    /** Whether a stream carries messages of this method whatever the filter (the notifications of this pattern). */
    public static boolean isChangeNotification(String method) {
        return TOOLS_CHANGED.equals(method) || PROMPTS_CHANGED.equals(method) || RESOURCES_CHANGED.equals(method)
                || RESOURCE_UPDATED.equals(method);
    }

    /** Whether the client asked for this notification (a resource update by the URI the client knows it by). */
    public boolean accepts(JsonNode notification) {
        return switch (notification.path("method").asText()) {
            case TOOLS_CHANGED -> tools;
            case PROMPTS_CHANGED -> prompts;
            case RESOURCES_CHANGED -> resources;
            case RESOURCE_UPDATED -> resourceUris.contains(notification.path("params").path("uri").asText());
            default -> false;
        };
    }

    /** This filter less what cannot be honored. */
    public SubscriptionFilter honored(boolean tools, boolean prompts, boolean resources, Set<String> resourceUris) {
        Set<String> kept = new LinkedHashSet<>(this.resourceUris);
        kept.retainAll(resourceUris);
        return new SubscriptionFilter(this.tools && tools, this.prompts && prompts, this.resources && resources, kept);
    }

    public boolean isEmpty() {
        return !tools && !prompts && !resources && resourceUris.isEmpty();
    }

    /** The filter as the wire states it (only what is asked for). */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (tools) {
            json.put("toolsListChanged", true);
        }
        if (prompts) {
            json.put("promptsListChanged", true);
        }
        if (resources) {
            json.put("resourcesListChanged", true);
        }
        if (!resourceUris.isEmpty()) {
            List<String> sorted = new ArrayList<>(resourceUris);
            sorted.forEach(json.putArray("resourceSubscriptions")::add);
        }
        return json;
    }

    /** The first message of a stream: what of this filter the server honors, under the subscription's id. */
    public static ObjectNode acknowledgement(JsonNode subscriptionId, SubscriptionFilter honored) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.set("notifications", honored.toJson());
        return stamped(JsonRpc.notification(ACKNOWLEDGED).set("params", params), subscriptionId);
    }

    /** A notification for a stream: a copy carrying this subscription's id (an upstream's own id replaced). */
    public static ObjectNode stamped(ObjectNode notification, JsonNode subscriptionId) {
        ObjectNode copy = notification.deepCopy();
        ObjectNode params = copy.get("params") instanceof ObjectNode p ? p : copy.putObject("params");
        ObjectNode meta = params.get("_meta") instanceof ObjectNode m ? m : params.putObject("_meta");
        meta.set(META_SUBSCRIPTION_ID, subscriptionId.deepCopy());
        return copy;
    }

    /** The response that ends a stream on the server's initiative. */
    public static ObjectNode ended(JsonNode subscriptionId) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("resultType", StatelessResults.COMPLETE);
        result.putObject("_meta").set(META_SUBSCRIPTION_ID, subscriptionId.deepCopy());
        return JsonRpc.result(subscriptionId, result);
    }
}

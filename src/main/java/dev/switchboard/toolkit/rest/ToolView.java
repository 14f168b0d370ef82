package dev.switchboard.toolkit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.gateway.fanout.Namespace;

/** One upstream tool, with the name clients see through Switchboard. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolView(String name, String exposedName, String title, String description, JsonNode inputSchema,
        JsonNode annotations) {

    public static ToolView of(String slug, JsonNode tool) {
        String name = tool.path("name").asText();
        return new ToolView(name, Namespace.expose(slug, name), tool.path("title").asText(null),
                tool.path("description").asText(null), tool.get("inputSchema"), tool.get("annotations"));
    }
}

package dev.switchboard.common;

/** The answer to a delete: {@code {"id", "deleted": true}}, as the Composio SDK expects. */
public record DeletedView(String id, boolean deleted) {
}

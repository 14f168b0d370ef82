package dev.switchboard.toolkit.rest;

import dev.switchboard.toolkit.ToolkitEntity;
import java.time.Instant;

public record ToolkitView(String id, String slug, String name, String mcpUrl, String transport, String description,
        String logoUrl, Integer timeoutMs, Instant createdAt, Instant updatedAt) {

    public static ToolkitView of(ToolkitEntity t) {
        return new ToolkitView(t.id, t.slug, t.name, t.mcpUrl, t.transport, t.description, t.logoUrl, t.timeoutMs, t.createdAt,
                t.updatedAt);
    }
}

package dev.switchboard.server;

import dev.switchboard.common.StringListJsonConverter;
import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.BatchSize;

/** A persistent MCP server configuration (Composio's "custom MCP server"). */
@Entity
@Table(name = "mcp_server")
public class McpServerEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "mcp";

    @Column(nullable = false)
    public String name;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "mcp_server_toolkit", joinColumns = @JoinColumn(name = "server_id"))
    @OrderColumn(name = "position")
    @BatchSize(size = 100)
    public List<ServerToolkit> toolkits = new ArrayList<>();

    /** Empty means every tool of the toolkits. */
    @Convert(converter = StringListJsonConverter.class)
    @Column(name = "allowed_tools", nullable = false, columnDefinition = "text")
    public List<String> allowedTools = List.of();

    /** Whether connection-management tools are injected (Composio's managed_auth_via_composio). */
    @Column(name = "manage_connections", nullable = false)
    public boolean manageConnections;

    /** Whether exposed names carry the toolkit slug ({@code slug__tool}); off only when names do not collide. */
    @Column(name = "tool_name_prefix", nullable = false)
    public boolean toolNamePrefix = true;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public List<String> toolkitSlugs() {
        return toolkits.stream().map(t -> t.toolkitSlug).toList();
    }

    public List<String> authConfigIds() {
        return toolkits.stream().map(t -> t.authConfigId).filter(java.util.Objects::nonNull).toList();
    }
}

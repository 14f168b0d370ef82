package dev.switchboard.toolkit;

import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** An upstream MCP server a tenant registered. */
@Entity
@Table(name = "toolkit")
public class ToolkitEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "tk";

    @Column(nullable = false, updatable = false)
    public String slug;

    @Column(nullable = false)
    public String name;

    @Column(name = "mcp_url", nullable = false)
    public String mcpUrl;

    @Column(nullable = false)
    public String transport;

    public String description;

    /** How long the gateway waits for this upstream, in milliseconds; null: the gateway's default. */
    @Column(name = "timeout_ms")
    public Integer timeoutMs;

    @Column(name = "logo_url")
    public String logoUrl;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

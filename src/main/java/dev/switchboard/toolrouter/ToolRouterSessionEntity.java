package dev.switchboard.toolrouter;

import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** An ephemeral per-user MCP endpoint (Composio's tool-router session). */
@Entity
@Table(name = "tool_router_session")
public class ToolRouterSessionEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "trs";
    public static final String TOKEN_PREFIX = "sbs";

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    /** The session's configuration as JSON, in the shape the API returns under {@code config}. */
    @Column(nullable = false, columnDefinition = "text")
    public String config;

    @Column(name = "config_version", nullable = false)
    public int configVersion;

    /** SHA-256 of the session's bearer token, which is shown once at creation. */
    @Column(name = "token_hash", nullable = false, updatable = false)
    public String tokenHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}

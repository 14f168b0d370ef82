package dev.switchboard.server;

import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user an MCP server's URL was generated for. */
@Entity
@Table(name = "server_instance")
public class ServerInstanceEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "si";

    @Column(name = "server_id", nullable = false, updatable = false)
    public String serverId;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}

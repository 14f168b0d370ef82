package dev.switchboard.audit;

import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "audit_event")
public class AuditEventEntity extends TenantOwnedEntity {

    public String actor;

    @Column(name = "user_id")
    public String userId;

    public String action;

    @Column(name = "server_id")
    public String serverId;

    public String target;

    public String outcome;

    @Column(name = "latency_ms")
    public Long latencyMs;

    @Column(name = "created_at")
    public Instant createdAt;
}

package dev.switchboard.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "tenant")
public class TenantEntity {

    public static final String ID_PREFIX = "ten";

    public enum Status {
        ACTIVE, DISABLED
    }

    @Id
    public String id;

    @Column(nullable = false, unique = true, updatable = false)
    public String name;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public TenantId tenantId() {
        return new TenantId(id);
    }
}

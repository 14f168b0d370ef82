package dev.switchboard.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * A row that belongs to one tenant. Entities deliberately do not extend PanacheEntity: its static
 * finders would let any caller query across tenants; all access goes through {@link TenantScopedRepository}.
 */
@MappedSuperclass
public abstract class TenantOwnedEntity {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;
}

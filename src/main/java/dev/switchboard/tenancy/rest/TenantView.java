package dev.switchboard.tenancy.rest;

import dev.switchboard.tenancy.TenantEntity;
import java.time.Instant;

public record TenantView(String id, String name, String displayName, String status, Instant createdAt,
        Instant updatedAt) {

    public static TenantView of(TenantEntity t) {
        return new TenantView(t.id, t.name, t.displayName, t.status.name(), t.createdAt, t.updatedAt);
    }
}

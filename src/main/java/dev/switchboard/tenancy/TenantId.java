package dev.switchboard.tenancy;

import java.util.Objects;

/** The id of a tenant; every tenant-owned query takes one, so no query can be written without it. */
public record TenantId(String value) {

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    @Override
    public String toString() {
        return value;
    }
}

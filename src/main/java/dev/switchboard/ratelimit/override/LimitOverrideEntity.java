package dev.switchboard.ratelimit.override;

import dev.switchboard.ratelimit.Limit;
import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A limit set as data: it replaces the configured default of one key kind for one subject of a tenant. */
@Entity
@Table(name = "rate_limit_override")
public class LimitOverrideEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "rl";

    /** A {@link dev.switchboard.ratelimit.KeyKind} label: tenant, user, server or tool. */
    @Column(name = "key_kind", nullable = false, updatable = false)
    public String keyKind;

    /** Which one of its kind, as {@link LimitSubject} writes it. */
    @Column(nullable = false, updatable = false)
    public String subject;

    @Column(nullable = false)
    public long rate;

    @Column(name = "time_window", nullable = false)
    public String window;

    /** Null: the rate. */
    public Long burst;

    public Limit limit() {
        return Limit.of(rate, window, burst);
    }

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

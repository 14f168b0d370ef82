package dev.switchboard.identity.apikey;

import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "api_key")
public class ApiKeyEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "key";
    public static final String SECRET_PREFIX = "sbk";

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String role;

    @Column(name = "platform_admin", nullable = false)
    public boolean platformAdmin;

    @Column(name = "key_hash", nullable = false, updatable = false)
    public String keyHash;

    /** The first characters of the key, so a user can tell keys apart without the secret. */
    @Column(name = "key_prefix", nullable = false, updatable = false)
    public String keyPrefix;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}

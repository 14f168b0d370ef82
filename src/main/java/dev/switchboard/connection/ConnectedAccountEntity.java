package dev.switchboard.connection;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One user's credentials for one auth config; the key or token is only ever held sealed (see SecretCipher). */
@Entity
@Table(name = "connected_account")
public class ConnectedAccountEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "ca";

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "auth_config_id", nullable = false, updatable = false)
    public AuthConfigEntity authConfig;

    @Column(name = "user_id", nullable = false, updatable = false)
    public String userId;

    /** What the connection reached; see {@link #effectiveStatus()} for what the API answers. */
    @Column(nullable = false)
    public String status;

    @Column(name = "status_reason")
    public String statusReason;

    @Column(nullable = false)
    public boolean disabled;

    @Column
    public String alias;

    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;

    @Column(name = "secret_key_id")
    public String secretKeyId;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** INACTIVE while disabled, else the status the connection reached. */
    public AccountStatus effectiveStatus() {
        return disabled ? AccountStatus.INACTIVE : AccountStatus.valueOf(status);
    }

    /** What a sealed secret of this row is bound to: it opens for no other row or tenant. */
    public String secretBinding() {
        return secretBinding(tenantId, id);
    }

    public static String secretBinding(String tenantId, String accountId) {
        return tenantId + "/" + accountId;
    }
}

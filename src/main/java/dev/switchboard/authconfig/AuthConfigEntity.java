package dev.switchboard.authconfig;

import dev.switchboard.tenancy.TenantOwnedEntity;
import dev.switchboard.toolkit.ToolkitEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** How to authenticate to one toolkit; the secret is only ever held sealed (see SecretCipher). */
@Entity
@Table(name = "auth_config")
public class AuthConfigEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "ac";

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "toolkit_id", nullable = false, updatable = false)
    public ToolkitEntity toolkit;

    @Column(nullable = false)
    public String name;

    @Column(name = "auth_scheme", nullable = false)
    public String authScheme;

    @Column(name = "header_name")
    public String headerName;

    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;

    @Column(name = "secret_key_id")
    public String secretKeyId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public AuthScheme scheme() {
        return AuthScheme.fromWire(authScheme);
    }

    /** What a sealed secret of this row is bound to: it opens for no other row or tenant. */
    public String secretBinding() {
        return secretBinding(tenantId, id);
    }

    public static String secretBinding(String tenantId, String authConfigId) {
        return tenantId + "/" + authConfigId;
    }
}

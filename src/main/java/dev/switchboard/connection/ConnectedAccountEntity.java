package dev.switchboard.connection;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** One user's credentials for one auth config; the key or token is only ever held sealed (see SecretCipher). */
@Entity
@Table(name = "connected_account")
public class ConnectedAccountEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "ca";
    /** How long an OAuth2 initiation may take before the account is EXPIRED (Composio's 10 minutes). */
    public static final Duration INITIATION_WINDOW = Duration.ofMinutes(10);
    public static final String INITIATION_EXPIRED = "Connection initiation did not complete within 10 minutes";

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

    /** OAUTH2: when the refresh token was sealed beside the access token (in secretCiphertext). */
    @Column(name = "refresh_token_ciphertext")
    public byte[] refreshTokenCiphertext;

    @Column(name = "refresh_token_key_id")
    public String refreshTokenKeyId;

    @Column(name = "token_expires_at")
    public Instant tokenExpiresAt;

    /** OAUTH2 while INITIATED: Switchboard's start URL the user completes the connection at. */
    @Column(name = "redirect_url")
    public String redirectUrl;

    /** Where the user is sent once the provider answered, with {@code status} and {@code connected_account_id}. */
    @Column(name = "callback_url")
    public String callbackUrl;

    @Column(name = "initiated_at")
    public Instant initiatedAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * INACTIVE while disabled, else the status the connection reached; an initiation older than
     * {@link #INITIATION_WINDOW} reads EXPIRED at once, before the sweep (InitiationExpiry) writes it.
     */
    public AccountStatus effectiveStatus() {
        if (disabled) {
            return AccountStatus.INACTIVE;
        }
        return initiationExpired() ? AccountStatus.EXPIRED : AccountStatus.valueOf(status);
    }

    public String effectiveStatusReason() {
        return initiationExpired() ? INITIATION_EXPIRED : statusReason;
    }

    private boolean initiationExpired() {
        return AccountStatus.INITIATED.name().equals(status) && initiatedAt != null
                && initiatedAt.plus(INITIATION_WINDOW).isBefore(Instant.now());
    }

    /** What this row's sealed refresh token is bound to: not the access token's column, nor another row. */
    public String refreshTokenBinding() {
        return refreshTokenBinding(tenantId, id);
    }

    public static String refreshTokenBinding(String tenantId, String accountId) {
        return secretBinding(tenantId, accountId) + "/refresh";
    }

    /** What a sealed secret of this row is bound to: it opens for no other row or tenant. */
    public String secretBinding() {
        return secretBinding(tenantId, id);
    }

    public static String secretBinding(String tenantId, String accountId) {
        return tenantId + "/" + accountId;
    }
}

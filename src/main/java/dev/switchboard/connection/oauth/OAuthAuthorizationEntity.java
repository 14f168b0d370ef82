package dev.switchboard.connection.oauth;

import dev.switchboard.tenancy.TenantOwnedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One authorization a user may complete for an OAUTH2 account. Its id is the capability in Switchboard's start
 * URL; the state and the PKCE verifier are minted when the user visits it (see {@link OAuthConnections#start}).
 */
@Entity
@Table(name = "oauth_authorization")
public class OAuthAuthorizationEntity extends TenantOwnedEntity {

    public static final String ID_PREFIX = "oa";

    @Column(name = "connected_account_id", nullable = false, updatable = false)
    public String connectedAccountId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    public Instant expiresAt;
}

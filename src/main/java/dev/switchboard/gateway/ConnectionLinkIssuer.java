package dev.switchboard.gateway;

import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import java.time.Instant;

/**
 * The gateway's view of the connection flow: a fresh link with which a user connects their own account, for an
 * auth config or, when {@code authConfigId} is null, for the toolkit's auth config whose key belongs to each user.
 * Writes to the database: only for a call that found a connection missing, never on listing.
 */
public interface ConnectionLinkIssuer {

    /** A started connection: the INITIATED account and the page the user opens. */
    record IssuedLink(String connectedAccountId, String redirectUrl, String linkToken, Instant expiresAt) {
    }

    Uni<IssuedLink> issue(TenantId tenant, String userId, String toolkitSlug, String authConfigId);
}

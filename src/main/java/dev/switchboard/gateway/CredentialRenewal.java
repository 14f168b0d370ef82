package dev.switchboard.gateway;

import dev.switchboard.authconfig.UpstreamCredential;
import io.smallrye.mutiny.Uni;

/** Renews a credential an upstream refused (HTTP 401), when it can be: a connected account's OAuth2 access token. */
public interface CredentialRenewal {

    /** The credential to try once more with, or null when there is none (not renewable, or the renewal failed). */
    Uni<UpstreamCredential> renewed(String tenantId, UpstreamCredential refused);
}

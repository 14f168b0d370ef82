package dev.switchboard.gateway;

import dev.switchboard.authconfig.UpstreamCredential;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;

/**
 * Gets, for the user an SSO token speaks for, a token the IdP issued for an upstream's audience (RFC 8693 token
 * exchange), reused while it is valid. Fails with {@link Refused} when the exchange cannot give one, for a reason a
 * user may read.
 */
public interface TokenExchanger {

    Uni<UpstreamCredential> exchange(TenantId tenant, String userId, String authConfigId, AccountNeed.Exchange need, SsoToken token);

    /** Why no token came: safe to show (it quotes no token or secret). */
    class Refused extends RuntimeException {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}

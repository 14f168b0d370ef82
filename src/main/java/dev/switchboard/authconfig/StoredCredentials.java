package dev.switchboard.authconfig;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.StringListJsonConverter;
import dev.switchboard.gateway.AccountNeed;
import dev.switchboard.gateway.UpstreamTarget;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Opens the credential of an auth config, and decides what a toolkit's upstream is called with when read by
 * SQL (the gateway's hot path reads without Hibernate). Such a row carries the toolkit's columns (see
 * {@link UpstreamTarget#of}) and, left-joined as {@code a}, its pinned auth config's {@link #COLUMNS} (which also
 * say, of the toolkit {@code t}, whether it has an auth config whose key each user connects).
 */
@ApplicationScoped
public class StoredCredentials {

    public static final String COLUMNS = "a.id as auth_config_id, a.enabled as auth_config_enabled, a.auth_scheme, a.header_name, "
            + "a.secret_ciphertext, a.secret_key_id, a.token_exchange_audience, a.oauth_scopes, exists (select 1 from auth_config c "
            + "where c.tenant_id = t.tenant_id and c.toolkit_id = t.id and c.enabled and (c.auth_scheme = 'OAUTH2' "
            + "or c.auth_scheme in ('API_KEY', 'BEARER_TOKEN') and c.secret_ciphertext is null)) as toolkit_connectable";

    private static final StringListJsonConverter LISTS = new StringListJsonConverter();

    @Inject
    Secrets secrets;

    /** The upstream header of this auth config's own key, or null when it holds none (or none that goes upstream). */
    public UpstreamCredential open(AuthConfigEntity config) {
        if (!config.isSharedCredential()) {
            return null;
        }
        String secret = secrets.require().open(new SecretCipher.Sealed(config.secretKeyId, config.secretCiphertext),
                config.secretBinding());
        return UpstreamCredential.of(config.scheme(), config.headerName, secret);
    }

    /**
     * The upstream of the toolkit in this row: with a disabled auth config, not called; with a key every user
     * shares, called with it; with a config whose key belongs to each user, with the user's connected account for
     * it; with a TOKEN_EXCHANGE config, with the user's SSO token exchanged for the config's audience; without a
     * pinned auth config, with the user's account for the toolkit if any (all settled per request by the gateway's
     * credential stages).
     */
    public UpstreamTarget target(String tenantId, Row row) {
        String authConfigId = row.getString("auth_config_id");
        if (authConfigId == null) {
            return UpstreamTarget.of(row, null, AccountNeed.anyForToolkit(Boolean.TRUE.equals(row.getBoolean("toolkit_connectable"))), null);
        }
        if (!row.getBoolean("auth_config_enabled")) {
            return UpstreamTarget.of(row, null, null, "The auth config '" + authConfigId + "' of toolkit '" + row.getString("slug")
                    + "' is disabled; an admin can enable it again");
        }
        AuthScheme scheme = AuthScheme.of(row.getString("auth_scheme"));
        Buffer sealed = row.getBuffer("secret_ciphertext");
        if (scheme == AuthScheme.NO_AUTH) {
            return UpstreamTarget.of(row, null);
        }
        if (scheme == AuthScheme.TOKEN_EXCHANGE) {
            String scopes = row.getString("oauth_scopes");
            return UpstreamTarget.of(row, null, AccountNeed.forTokenExchange(authConfigId, row.getString("token_exchange_audience"),
                    scopes == null ? List.of() : LISTS.convertToEntityAttribute(scopes)), null);
        }
        if (scheme.sendsStoredSecret() && sealed != null) {
            String secret = secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"), sealed.getBytes()),
                    AuthConfigEntity.secretBinding(tenantId, authConfigId));
            return UpstreamTarget.of(row, UpstreamCredential.of(scheme, row.getString("header_name"), secret));
        }
        return UpstreamTarget.of(row, null, AccountNeed.forAuthConfig(authConfigId), null);
    }
}

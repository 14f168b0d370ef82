package dev.switchboard.connection;

import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.authconfig.UpstreamCredential;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.connection.oauth.AccessTokenRefresher;
import dev.switchboard.connection.oauth.ReconnectMessage;
import dev.switchboard.gateway.AccountDirectory;
import dev.switchboard.gateway.UserAccounts;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a user's usable accounts for the gateway in one SQL round trip (the gateway runs outside any Hibernate
 * session), newest first so the most recently changed account of a toolkit wins. OAuth2 access tokens close to
 * expiry are refreshed before a call uses them ({@link AccessTokenRefresher}).
 */
@Singleton
public class ConnectedAccountDirectory implements AccountDirectory {

    /**
     * Active accounts, and OAUTH2 accounts that ended (EXPIRED, FAILED) so a call can say how to reconnect; an active
     * account of a toolkit wins over one that ended.
     */
    private static final String USABLE = """
            select ca.id, ca.auth_config_id, ca.status, ca.status_reason, ca.secret_ciphertext, ca.secret_key_id, ca.token_expires_at,
                   a.auth_scheme, a.header_name, t.slug
            from connected_account ca
            join auth_config a on a.id = ca.auth_config_id and a.tenant_id = ca.tenant_id
            join toolkit t on t.id = a.toolkit_id and t.tenant_id = ca.tenant_id
            where ca.tenant_id = $1 and ca.user_id = $2 and not ca.disabled and a.enabled
              and (ca.status = 'ACTIVE' or a.auth_scheme = 'OAUTH2' and ca.status in ('EXPIRED', 'FAILED'))
            order by ca.status = 'ACTIVE' desc, ca.updated_at desc, ca.id desc""";

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    @Inject
    AccessTokenRefresher refresher;

    @Override
    public Uni<UserAccounts> accounts(TenantId tenant, String userId) {
        return pool.preparedQuery(USABLE).execute(Tuple.of(tenant.value(), userId)).map(rows -> {
            Map<String, UserAccounts.Held> byAuthConfig = new HashMap<>();
            Map<String, UserAccounts.Held> byToolkit = new HashMap<>();
            for (Row row : rows) {
                UserAccounts.Held held = held(tenant, row);
                byAuthConfig.putIfAbsent(row.getString("auth_config_id"), held);
                byToolkit.putIfAbsent(row.getString("slug"), held);
            }
            return new UserAccounts(tenant.value(), Map.copyOf(byAuthConfig), Map.copyOf(byToolkit));
        });
    }

    @Override
    public Uni<UserAccounts> fresh(UserAccounts found) {
        return refresher.fresh(found);
    }

    @Override
    public UserAccounts freshAtOnce(UserAccounts found) {
        return refresher.anyDue(found) ? null : found;
    }

    private UserAccounts.Held held(TenantId tenant, Row row) {
        String accountId = row.getString("id");
        if (!AccountStatus.ACTIVE.name().equals(row.getString("status"))) {
            return new UserAccounts.Held(accountId, null, null,
                    ReconnectMessage.of(accountId, row.getString("status"), row.getString("status_reason")));
        }
        UpstreamCredential credential = credential(tenant, row);
        OffsetDateTime expiresAt = row.getOffsetDateTime("token_expires_at");
        return new UserAccounts.Held(accountId, credential, expiresAt == null ? null : expiresAt.toInstant(), null);
    }

    private UpstreamCredential credential(TenantId tenant, Row row) {
        Buffer sealed = row.getBuffer("secret_ciphertext");
        if (sealed == null) {
            return null;
        }
        String secret = secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"), sealed.getBytes()),
                ConnectedAccountEntity.secretBinding(tenant.value(), row.getString("id")));
        AuthScheme scheme = AuthScheme.of(row.getString("auth_scheme"));
        return scheme == AuthScheme.OAUTH2 ? UpstreamCredential.oauth2(row.getString("id"), secret)
                : UpstreamCredential.of(scheme, row.getString("header_name"), secret);
    }
}

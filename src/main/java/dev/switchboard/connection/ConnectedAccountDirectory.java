package dev.switchboard.connection;

import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.authconfig.UpstreamCredential;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.gateway.AccountDirectory;
import dev.switchboard.gateway.UserAccounts;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a user's usable accounts for the gateway in one SQL round trip (the gateway runs outside any Hibernate
 * session), newest first so the most recently changed account of a toolkit wins.
 */
@ApplicationScoped
public class ConnectedAccountDirectory implements AccountDirectory {

    private static final String ACTIVE = """
            select ca.id, ca.auth_config_id, ca.secret_ciphertext, ca.secret_key_id, a.auth_scheme, a.header_name, t.slug
            from connected_account ca
            join auth_config a on a.id = ca.auth_config_id and a.tenant_id = ca.tenant_id
            join toolkit t on t.id = a.toolkit_id and t.tenant_id = ca.tenant_id
            where ca.tenant_id = $1 and ca.user_id = $2 and ca.status = 'ACTIVE' and not ca.disabled and a.enabled
            order by ca.updated_at desc, ca.id desc""";

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    @Override
    public Uni<UserAccounts> accounts(TenantId tenant, String userId) {
        return pool.preparedQuery(ACTIVE).execute(Tuple.of(tenant.value(), userId)).map(rows -> {
            Map<String, UserAccounts.Held> byAuthConfig = new HashMap<>();
            Map<String, UserAccounts.Held> byToolkit = new HashMap<>();
            for (Row row : rows) {
                UserAccounts.Held held = new UserAccounts.Held(row.getString("id"), credential(tenant, row));
                byAuthConfig.putIfAbsent(row.getString("auth_config_id"), held);
                byToolkit.putIfAbsent(row.getString("slug"), held);
            }
            return new UserAccounts(tenant.value(), Map.copyOf(byAuthConfig), Map.copyOf(byToolkit));
        });
    }

    private UpstreamCredential credential(TenantId tenant, Row row) {
        Buffer sealed = row.getBuffer("secret_ciphertext");
        if (sealed == null) {
            return null;
        }
        String secret = secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"), sealed.getBytes()),
                ConnectedAccountEntity.secretBinding(tenant.value(), row.getString("id")));
        return UpstreamCredential.of(AuthScheme.of(row.getString("auth_scheme")), row.getString("header_name"), secret);
    }
}

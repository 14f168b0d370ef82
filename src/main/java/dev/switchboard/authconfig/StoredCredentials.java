package dev.switchboard.authconfig;

import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Opens the credential of an auth config read by SQL (the gateway's hot path reads without Hibernate).
 * The row must carry {@code auth_config_id, auth_scheme, header_name, secret_ciphertext, secret_key_id}.
 */
@ApplicationScoped
public class StoredCredentials {

    public static final String COLUMNS = "a.id as auth_config_id, a.auth_scheme, a.header_name, a.secret_ciphertext, a.secret_key_id";

    @Inject
    Secrets secrets;

    /** The upstream header for this auth config, or null when it needs no secret. */
    public UpstreamCredential open(AuthConfigEntity config) {
        if (!config.scheme().hasSecret()) {
            return null;
        }
        String secret = secrets.require().open(new SecretCipher.Sealed(config.secretKeyId, config.secretCiphertext),
                config.secretBinding());
        return UpstreamCredential.of(config.scheme(), config.headerName, secret);
    }

    /** The upstream header for the auth config in this row, or null when there is none or it needs no secret. */
    public UpstreamCredential open(String tenantId, Row row) {
        String scheme = row.getString("auth_scheme");
        if (scheme == null || !AuthScheme.fromWire(scheme).hasSecret()) {
            return null;
        }
        String secret = secrets.require().open(new SecretCipher.Sealed(row.getString("secret_key_id"),
                row.getBuffer("secret_ciphertext").getBytes()),
                AuthConfigEntity.secretBinding(tenantId, row.getString("auth_config_id")));
        return UpstreamCredential.of(AuthScheme.fromWire(scheme), row.getString("header_name"), secret);
    }
}

package dev.switchboard.connection.oauth;

import dev.switchboard.authconfig.AuthConfigEntity;
import dev.switchboard.authconfig.CredentialFields;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ConfigurationChanges;
import dev.switchboard.connection.ConnectedAccountEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An OAUTH2 account's tokens as the connection flow and the refresher write them: sealed and bound to the row
 * (the refresh token under its own binding), in plain SQL (both run outside any Hibernate session), and
 * announced to every replica so the gateway drops the user's cached accounts.
 */
@ApplicationScoped
public class AccountTokens {

    /** The account's row and what redeeming a grant for it takes; {@code a.*} is its auth config. */
    static final String ACCOUNT_AND_CLIENT = """
            select ca.id, ca.tenant_id, ca.status, ca.disabled, ca.secret_ciphertext, ca.secret_key_id,
                   ca.refresh_token_ciphertext, ca.refresh_token_key_id, ca.token_expires_at, ca.callback_url,
                   a.id as auth_config_id, a.oauth_client_id, a.oauth_token_url, a.secret_ciphertext as client_secret_ciphertext,
                   a.secret_key_id as client_secret_key_id, a.oauth_token_endpoint_auth_method
            from connected_account ca
            join auth_config a on a.id = ca.auth_config_id and a.tenant_id = ca.tenant_id""";

    private static final String STORE = """
            update connected_account set status = 'ACTIVE', status_reason = null, secret_ciphertext = $3, secret_key_id = $4,
                refresh_token_ciphertext = $5, refresh_token_key_id = $6, token_expires_at = $7, redirect_url = null,
                updated_at = $8
            where tenant_id = $1 and id = $2""";

    private static final String END = """
            update connected_account set status = $3, status_reason = $4, redirect_url = null, updated_at = $5,
                secret_ciphertext = null, secret_key_id = null, refresh_token_ciphertext = null, refresh_token_key_id = null,
                token_expires_at = null
            where tenant_id = $1 and id = $2""";

    @Inject
    Secrets secrets;

    @Inject
    ConfigurationChanges changes;

    /** Stores new tokens and makes the account ACTIVE; without a new refresh token the stored one is kept ({@code kept}). */
    Uni<Void> store(SqlConnection connection, String tenantId, String accountId, TokenEndpoint.Tokens tokens, String kept) {
        SecretCipher cipher = secrets.require();
        SecretCipher.Sealed access = cipher.seal(tokens.accessToken(), ConnectedAccountEntity.secretBinding(tenantId, accountId));
        String refreshToken = tokens.refreshToken() != null ? tokens.refreshToken() : kept;
        SecretCipher.Sealed refresh = refreshToken == null ? null
                : cipher.seal(refreshToken, ConnectedAccountEntity.refreshTokenBinding(tenantId, accountId));
        Tuple values = Tuple.of(tenantId, accountId, io.vertx.core.buffer.Buffer.buffer(access.bytes()), access.keyId())
                .addValue(refresh == null ? null : io.vertx.core.buffer.Buffer.buffer(refresh.bytes()))
                .addValue(refresh == null ? null : refresh.keyId())
                .addValue(offset(tokens.expiresAt()))
                .addValue(offset(Instant.now()));
        return connection.preparedQuery(STORE).execute(values).replaceWithVoid();
    }

    /** Ends the account's use: FAILED or EXPIRED, with the reason (provider text, never a secret); dead tokens go. */
    Uni<Void> end(SqlConnection connection, String tenantId, String accountId, String status, String reason) {
        return connection.preparedQuery(END).execute(Tuple.of(tenantId, accountId, status, reason, offset(Instant.now())))
                .replaceWithVoid();
    }

    Uni<Void> announce(String tenantId) {
        return changes.announce(new ConfigurationChanged(tenantId));
    }

    /** The access token of a row read with {@link #ACCOUNT_AND_CLIENT}, or null. */
    String accessToken(Row row) {
        return open(row, "secret_ciphertext", "secret_key_id",
                ConnectedAccountEntity.secretBinding(row.getString("tenant_id"), row.getString("id")));
    }

    String refreshToken(Row row) {
        return open(row, "refresh_token_ciphertext", "refresh_token_key_id",
                ConnectedAccountEntity.refreshTokenBinding(row.getString("tenant_id"), row.getString("id")));
    }

    /** The provider client of a row read with {@link #ACCOUNT_AND_CLIENT}. */
    TokenEndpoint.Client client(Row row) {
        String secret = open(row, "client_secret_ciphertext", "client_secret_key_id",
                AuthConfigEntity.secretBinding(row.getString("tenant_id"), row.getString("auth_config_id")));
        return new TokenEndpoint.Client(row.getString("oauth_token_url"), row.getString("oauth_client_id"), secret,
                CredentialFields.CLIENT_SECRET_POST.equals(row.getString("oauth_token_endpoint_auth_method")));
    }

    private String open(Row row, String column, String keyColumn, String binding) {
        Buffer sealed = row.getBuffer(column);
        return sealed == null ? null : secrets.require().open(new SecretCipher.Sealed(row.getString(keyColumn), sealed.getBytes()), binding);
    }

    public static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

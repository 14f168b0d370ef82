package dev.switchboard.connection.oauth;

import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.authconfig.crypto.SecretCipher;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.StringListJsonConverter;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.Timestamps;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.connection.AccountStatus;
import dev.switchboard.connection.ConnectedAccountEntity;
import dev.switchboard.connection.ConnectedAccountRepository;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The OAuth2 authorization-code flow with PKCE for connected accounts. Initiating gives the account a start URL
 * on Switchboard ({@link #beginAuthorization}); visiting it mints a single-use state (stored hashed) and a PKCE
 * verifier (sealed) and redirects to the provider ({@link #start}); the provider sends the user to Switchboard's
 * callback, which redeems the code and makes the account ACTIVE or FAILED ({@link #complete}). A start URL and
 * its state live {@link ConnectedAccountEntity#INITIATION_WINDOW}, as long as the initiation itself.
 */
@ApplicationScoped
public class OAuthConnections {

    private static final Logger LOG = Logger.getLogger(OAuthConnections.class);
    public static final String START_PATH = "/api/v3/toolkits/auth/start/";
    public static final String CALLBACK_PATH = "/api/v3/toolkits/auth/callback";

    private static final String START = """
            select o.tenant_id, o.expires_at, o.used_at, a.oauth_client_id, a.oauth_authorization_url, a.oauth_scopes
            from oauth_authorization o
            join connected_account ca on ca.id = o.connected_account_id and ca.tenant_id = o.tenant_id
            join auth_config a on a.id = ca.auth_config_id and a.tenant_id = ca.tenant_id
            where o.id = $1 for update of o""";
    private static final String MINT = "update oauth_authorization set state_hash = $2, verifier_ciphertext = $3, verifier_key_id = $4 where id = $1";
    private static final String CONSUME = """
            select o.id as authorization_id, o.expires_at, o.used_at, o.verifier_ciphertext, o.verifier_key_id, x.*
            from oauth_authorization o
            join (%s) x on x.id = o.connected_account_id and x.tenant_id = o.tenant_id
            where o.state_hash = $1 for update of o""".formatted(AccountTokens.ACCOUNT_AND_CLIENT);
    private static final StringListJsonConverter SCOPES = new StringListJsonConverter();
    private static final String USED = "update oauth_authorization set used_at = $2 where id = $1";

    /** Why a start URL or a state is refused: nothing is changed then. */
    public enum Refusal {
        UNKNOWN("This connection link or state is unknown: start the connection again."),
        USED("This connection was already completed with this link; a state is used once. Start the connection again to reconnect."),
        EXPIRED("This connection link expired (a connection must be completed within 10 minutes): start the connection again.");

        public final String message;

        Refusal(String message) {
            this.message = message;
        }
    }

    /** Where the start URL sends the user: the provider's authorization URL, or why not. */
    public record Start(String location, Refusal refusal) {
    }

    /** How a callback ended: the account's outcome and where to send the user (callbackUrl null: show a page), or a refusal. */
    public record Completion(String accountId, boolean success, String reason, String callbackUrl, Refusal refusal) {
    }

    @Inject
    SwitchboardConfig config;

    @Inject
    ConnectedAccountRepository accounts;

    @Inject
    OAuthAuthorizationRepository authorizations;

    @Inject
    Pool pool;

    @Inject
    Secrets secrets;

    @Inject
    TokenEndpoint tokenEndpoint;

    @Inject
    AccountTokens tokens;

    /** The redirect URI to register at the provider: Switchboard's callback. */
    public String callbackUri() {
        return base() + CALLBACK_PATH;
    }

    /**
     * Starts (or restarts) the connection of an OAUTH2 account: it becomes INITIATED with a new start URL on
     * Switchboard, answered here; earlier start URLs stop working. Joins the caller's transaction when there is one.
     * {@code callbackUrl} (may be null) is where the user is sent afterwards, with {@code status} and
     * {@code connected_account_id}.
     */
    @WithTransaction
    public Uni<String> beginAuthorization(TenantId tenant, String accountId, String callbackUrl) {
        return accounts.getById(tenant, accountId).chain(account -> begin(tenant, account, callbackUrl));
    }

    /** As {@link #beginAuthorization}, for an account the caller's transaction already holds (or is creating). */
    public Uni<String> begin(TenantId tenant, ConnectedAccountEntity account, String callbackUrl) {
        if (account.authConfig.scheme() != AuthScheme.OAUTH2) {
            throw new IllegalArgumentException("Account " + account.id + " is not an OAUTH2 account");
        }
        return authorizations.deleteFor(tenant, account.id).chain(() -> {
            OAuthAuthorizationEntity authorization = new OAuthAuthorizationEntity();
            authorization.id = SecureIds.newId(OAuthAuthorizationEntity.ID_PREFIX);
            authorization.connectedAccountId = account.id;
            authorization.createdAt = Timestamps.now();
            authorization.expiresAt = authorization.createdAt.plus(ConnectedAccountEntity.INITIATION_WINDOW);
            account.status = AccountStatus.INITIATED.name();
            account.statusReason = null;
            account.initiatedAt = authorization.createdAt;
            account.updatedAt = authorization.createdAt;
            account.callbackUrl = callbackUrl;
            account.redirectUrl = base() + START_PATH + authorization.id;
            account.secretCiphertext = null;
            account.secretKeyId = null;
            account.refreshTokenCiphertext = null;
            account.refreshTokenKeyId = null;
            account.tokenExpiresAt = null;
            return authorizations.persist(tenant, authorization).replaceWith(account.redirectUrl);
        });
    }

    /** A visit to a start URL: mints the state and PKCE verifier (the latest visit's state is the one that completes). */
    public Uni<Start> start(String authorizationId) {
        return pool.withTransaction(connection -> connection.preparedQuery(START).execute(Tuple.of(authorizationId)).chain(rows -> {
            Refusal refusal = refusal(rows);
            if (refusal != null) {
                return Uni.createFrom().item(new Start(null, refusal));
            }
            Row row = rows.iterator().next();
            String state = AuthorizationSecrets.newState();
            String verifier = AuthorizationSecrets.newVerifier();
            SecretCipher.Sealed sealed = secrets.require().seal(verifier, verifierBinding(row.getString("tenant_id"), authorizationId));
            String location = authorizationUrl(row, state, AuthorizationSecrets.challenge(verifier));
            return connection.preparedQuery(MINT)
                    .execute(Tuple.of(authorizationId, Sha256.hex(state), io.vertx.core.buffer.Buffer.buffer(sealed.bytes()), sealed.keyId()))
                    .replaceWith(new Start(location, null));
        }));
    }

    /**
     * The provider's redirect to the callback: consumes the state (once), redeems the code with the PKCE verifier,
     * and stores the tokens (ACTIVE) or the provider's reason (FAILED). A refused state changes nothing.
     */
    public Uni<Completion> complete(String state, String code, String error, String errorDescription) {
        if (state == null || state.isBlank()) {
            return Uni.createFrom().item(new Completion(null, false, null, null, Refusal.UNKNOWN));
        }
        return pool.withTransaction(connection -> connection.preparedQuery(CONSUME).execute(Tuple.of(Sha256.hex(state))).chain(rows -> {
            Refusal refusal = refusal(rows);
            if (refusal != null) {
                return Uni.createFrom().item(new Consumed(null, refusal));
            }
            Row row = rows.iterator().next();
            return connection.preparedQuery(USED).execute(Tuple.of(row.getString("authorization_id"), AccountTokens.offset(Instant.now())))
                    .replaceWith(new Consumed(row, null));
        })).chain(consumed -> consumed.refusal() != null
                ? Uni.createFrom().item(new Completion(null, false, null, null, consumed.refusal()))
                : redeem(consumed.row(), code, error, errorDescription));
    }

    /** A state consumed in its own transaction (so a replay finds it used), or why it was not. */
    private record Consumed(Row row, Refusal refusal) {
    }

    private Uni<Completion> redeem(Row row, String code, String error, String errorDescription) {
        String tenantId = row.getString("tenant_id");
        String accountId = row.getString("id");
        String callbackUrl = row.getString("callback_url");
        Uni<String> failure;
        if (error != null && !error.isBlank()) {
            failure = Uni.createFrom().item("The user or the provider refused the authorization: " + TokenEndpoint.printable(
                    error + (errorDescription == null || errorDescription.isBlank() ? "" : ": " + errorDescription)));
        } else if (code == null || code.isBlank()) {
            failure = Uni.createFrom().item("The provider sent the user back without an authorization code");
        } else {
            String verifier = secrets.require().open(new SecretCipher.Sealed(row.getString("verifier_key_id"),
                    row.getBuffer("verifier_ciphertext").getBytes()), verifierBinding(tenantId, row.getString("authorization_id")));
            failure = tokenEndpoint.redeemCode(tokens.client(row), code, callbackUri(), verifier)
                    .chain(issued -> pool.withTransaction(connection -> tokens.store(connection, tenantId, accountId, issued, null)))
                    .replaceWith((String) null)
                    .onFailure(TokenEndpoint.Refused.class).recoverWithItem(Throwable::getMessage)
                    .onFailure(TokenEndpoint.Unreachable.class).recoverWithItem(Throwable::getMessage);
        }
        return failure.chain(reason -> {
            Uni<Void> written = reason == null ? Uni.createFrom().voidItem()
                    : pool.withTransaction(connection -> tokens.end(connection, tenantId, accountId, AccountStatus.FAILED.name(), reason));
            if (reason != null) {
                LOG.infof("Connected account %s failed to connect: %s", accountId, reason);
            }
            return written.call(() -> tokens.announce(tenantId))
                    .replaceWith(new Completion(accountId, reason == null, reason, callbackUrl, null));
        });
    }

    /** Why the single row found cannot be used (null: it can). */
    private static Refusal refusal(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Refusal.UNKNOWN;
        }
        Row row = rows.iterator().next();
        if (row.getValue("used_at") != null) {
            return Refusal.USED;
        }
        OffsetDateTime expires = row.getOffsetDateTime("expires_at");
        return expires.toInstant().isBefore(Instant.now()) ? Refusal.EXPIRED : null;
    }

    private String authorizationUrl(Row row, String state, String challenge) {
        List<String> scopes = SCOPES.convertToEntityAttribute(row.getString("oauth_scopes"));
        String base = row.getString("oauth_authorization_url");
        StringBuilder url = new StringBuilder(base).append(base.contains("?") ? '&' : '?')
                .append("response_type=code")
                .append("&client_id=").append(encoded(row.getString("oauth_client_id")))
                .append("&redirect_uri=").append(encoded(callbackUri()));
        if (!scopes.isEmpty()) {
            url.append("&scope=").append(encoded(String.join(" ", scopes)));
        }
        return url.append("&state=").append(state)
                .append("&code_challenge=").append(challenge)
                .append("&code_challenge_method=S256").toString();
    }

    private static String verifierBinding(String tenantId, String authorizationId) {
        return tenantId + "/" + authorizationId + "/pkce";
    }

    private String base() {
        String url = config.publicUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

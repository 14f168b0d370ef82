package dev.switchboard.connection.link;

import dev.switchboard.authconfig.AuthScheme;
import dev.switchboard.common.HttpUrls;
import dev.switchboard.common.McpUrls;
import dev.switchboard.common.SecureIds;
import dev.switchboard.common.Sha256;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.connection.ConnectedAccountEntity;
import dev.switchboard.gateway.ConnectionLinkIssuer;
import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Starts connections that the user completes on a page of Switchboard: an INITIATED account and a single-use link
 * ({@code {public}/link/{token}}) that works for {@link #LIFETIME}. Which page a link leads to depends on the auth
 * config's scheme, decided in {@link #pageFor} alone: a form taking the key for API_KEY and BEARER_TOKEN, the
 * provider's login (the OAuth2 flow) for OAUTH2. Reads and
 * writes through the reactive SQL client in one transaction, so the gateway (outside any Hibernate session) can
 * start a connection for a call that lacks one.
 */
@ApplicationScoped
public class ConnectionLinks implements ConnectionLinkIssuer {

    public static final Duration LIFETIME = ConnectedAccountEntity.INITIATION_WINDOW;
    public static final String LINK_PATH = "/link/";
    static final String TOKEN_PREFIX = "lt";

    private static final String CONFIG = """
            select a.id, a.enabled, a.auth_scheme, a.secret_ciphertext is not null as has_secret, t.slug
            from auth_config a join toolkit t on t.id = a.toolkit_id and t.tenant_id = a.tenant_id
            where a.tenant_id = $1 and a.id = $2""";
    // For a toolkit no auth config is named for: its enabled config whose key belongs to each user, oldest first.
    private static final String CONFIG_OF_TOOLKIT = """
            select a.id from auth_config a join toolkit t on t.id = a.toolkit_id and t.tenant_id = a.tenant_id
            where a.tenant_id = $1 and t.slug = $2 and a.enabled and a.auth_scheme in ('API_KEY', 'BEARER_TOKEN', 'OAUTH2')
              and (a.auth_scheme = 'OAUTH2' or a.secret_ciphertext is null)
            order by a.created_at, a.id limit 1""";
    private static final String INSERT_ACCOUNT = """
            insert into connected_account (id, tenant_id, auth_config_id, user_id, status, disabled, alias, created_by,
                                           created_at, updated_at, initiated_at)
            values ($1, $2, $3, $4, 'INITIATED', false, $5, $6, $7, $7, $7)""";
    private static final String INSERT_LINK = """
            insert into connection_link (token_hash, tenant_id, connected_account_id, callback_url, expires_at, created_at)
            values ($1, $2, $3, $4, $5, $6)""";

    /** The page a link of an auth config of this scheme leads to. */
    public enum Page {
        /** A form taking the user's API key or token. */
        KEY_FORM,
        /** A redirect to the provider's login, through the OAuth2 connection flow. */
        PROVIDER_LOGIN
    }

    @Inject
    Pool pool;

    @Inject
    McpUrls urls;

    /**
     * {@code connectedAccounts.link}: a new INITIATED account of the user for the auth config, and its link.
     * {@code field} names the auth config in errors (as the caller sent it).
     */
    public Uni<IssuedLink> start(TenantId tenant, String userId, String authConfigId, String field, String callbackUrl,
            String alias, String createdBy) {
        if (callbackUrl != null && HttpUrls.problemWith(callbackUrl) != null) {
            throw ProblemException.invalid("callback_url", HttpUrls.problemWith(callbackUrl));
        }
        return pool.withTransaction(connection -> connection.preparedQuery(CONFIG).execute(Tuple.of(tenant.value(), authConfigId))
                .chain(rows -> {
                    Row config = first(rows);
                    checkUsable(config, authConfigId, field);
                    return insert(connection, tenant, userId, config.getString("id"), callbackUrl, alias, createdBy);
                }));
    }

    /** For the gateway: a link for the auth config, or the toolkit's config whose key belongs to each user. */
    @Override
    public Uni<IssuedLink> issue(TenantId tenant, String userId, String toolkitSlug, String authConfigId) {
        if (authConfigId != null) {
            return start(tenant, userId, authConfigId, "auth_config_id", null, null, "gateway");
        }
        return configOfToolkit(tenant, toolkitSlug).chain(found -> {
            if (found == null) {
                throw ProblemException.invalid("toolkit", "toolkit '" + toolkitSlug
                        + "' has no enabled auth config whose key each user brings: it needs no connection");
            }
            return start(tenant, userId, found, "auth_config_id", null, null, "gateway");
        });
    }

    /** The enabled auth config of a toolkit whose key belongs to each user, or null. */
    public Uni<String> configOfToolkit(TenantId tenant, String toolkitSlug) {
        return pool.preparedQuery(CONFIG_OF_TOOLKIT).execute(Tuple.of(tenant.value(), toolkitSlug))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("id") : null);
    }

    /**
     * The one place that decides what a link leads to, by the auth config's scheme; a config no link can serve is a
     * 400 naming {@code field}. (The OAuth2 flow adds its page here, and its rendering in {@code LinkPageResource}.)
     */
    public static Page pageFor(AuthScheme scheme, boolean holdsSharedSecret, String authConfigId, String field) {
        return switch (scheme) {
            case API_KEY, BEARER_TOKEN -> {
                if (holdsSharedSecret) {
                    throw ProblemException.invalid(field, "auth config '" + authConfigId
                            + "' holds a key every user's calls share: its users need no connection");
                }
                yield Page.KEY_FORM;
            }
            case OAUTH2 -> Page.PROVIDER_LOGIN;
            case NO_AUTH -> throw ProblemException.invalid(field, "auth config '" + authConfigId
                    + "' uses NO_AUTH: there is nothing to connect (POST /api/v3.1/connected_accounts makes its account)");
            case TOKEN_EXCHANGE -> throw ProblemException.invalid(field, "auth config '" + authConfigId
                    + "' uses TOKEN_EXCHANGE: each call exchanges the user's own SSO token, there is nothing to connect");
        };
    }

    private static void checkUsable(Row config, String authConfigId, String field) {
        if (config == null) {
            throw ProblemException.invalid(field, "unknown auth config '" + authConfigId + "'");
        }
        if (!config.getBoolean("enabled")) {
            throw ProblemException.invalid(field, "auth config '" + authConfigId + "' is disabled");
        }
        pageFor(AuthScheme.of(config.getString("auth_scheme")), config.getBoolean("has_secret"), authConfigId, field);
    }

    private Uni<IssuedLink> insert(SqlConnection connection, TenantId tenant, String userId, String authConfigId,
            String callbackUrl, String alias, String createdBy) {
        String accountId = SecureIds.newId(ConnectedAccountEntity.ID_PREFIX);
        String token = SecureIds.newSecret(TOKEN_PREFIX);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime expires = now.plus(LIFETIME);
        return connection.preparedQuery(INSERT_ACCOUNT)
                .execute(Tuple.tuple(List.of(accountId, tenant.value(), authConfigId, userId)).addValue(alias).addValue(createdBy)
                        .addValue(now))
                .chain(() -> connection.preparedQuery(INSERT_LINK).execute(Tuple.tuple(List.of(Sha256.hex(token), tenant.value(),
                        accountId)).addValue(callbackUrl).addValue(expires).addValue(now)))
                .map(done -> new IssuedLink(accountId, urls.base() + LINK_PATH + token, token, expires.toInstant()));
    }

    private static Row first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }
}

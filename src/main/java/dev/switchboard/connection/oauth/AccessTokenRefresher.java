package dev.switchboard.connection.oauth;

import dev.switchboard.authconfig.UpstreamCredential;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.connection.AccountStatus;
import dev.switchboard.gateway.CredentialRenewal;
import dev.switchboard.gateway.UserAccounts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Refreshes connected accounts' OAuth2 access tokens shortly before they expire, and once when an upstream refuses
 * one, without ever redeeming a refresh token twice: providers that rotate refresh tokens revoke the whole family
 * when one is used twice. One refresh per account at a time on this replica (callers share the one in flight), and
 * across replicas a row lock: the refresh runs in one transaction holding {@code select … for update} on the
 * account, and whoever waited on the lock finds the token changed, and uses it instead of refreshing again. A
 * refused refresh (invalid_grant) ends the account EXPIRED with the provider's reason. Refresh is rare, so waiting
 * for PostgreSQL here is fine; a call that needs no refresh never comes here.
 */
@Singleton
public class AccessTokenRefresher implements CredentialRenewal {

    private static final Logger LOG = Logger.getLogger(AccessTokenRefresher.class);
    private static final String LOCK = AccountTokens.ACCOUNT_AND_CLIENT + " where ca.tenant_id = $1 and ca.id = $2 for update of ca";

    /** What an account's calls use after a refresh: a credential, or why there is none. */
    public record Renewed(UpstreamCredential credential, Instant expiresAt, String unusable) {
    }

    private final Map<String, Uni<Renewed>> inFlight = new ConcurrentHashMap<>();

    @Inject
    Pool pool;

    @Inject
    TokenEndpoint tokenEndpoint;

    @Inject
    AccountTokens tokens;

    @Inject
    SwitchboardConfig config;

    @Override
    public Uni<UpstreamCredential> renewed(String tenantId, UpstreamCredential refused) {
        if (refused == null || refused.renewableAccountId() == null) {
            return Uni.createFrom().nullItem();
        }
        return refresh(tenantId, refused.renewableAccountId(), refused.headerValue())
                .map(Renewed::credential)
                .onFailure().recoverWithNull();
    }

    /** The accounts with every OAuth2 token that expires within the configured margin refreshed first. */
    public Uni<UserAccounts> fresh(UserAccounts found) {
        Instant soon = refreshHorizon();
        List<UserAccounts.Held> due = null;
        for (UserAccounts.Held held : found.byAuthConfig().values()) {
            if (isDue(held, soon)) {
                (due == null ? due = new ArrayList<>() : due).add(held);
            }
        }
        if (due == null) {
            return Uni.createFrom().item(found);
        }
        List<Uni<UserAccounts.Held>> refreshed = due.stream().map(held -> refresh(found.tenantId(), held.accountId(),
                        held.credential().headerValue())
                .map(renewed -> new UserAccounts.Held(held.accountId(), renewed.credential(), renewed.expiresAt(), renewed.unusable()))
                // The provider could not be reached: the token may still work for the seconds it has left.
                .onFailure().recoverWithItem(held)).toList();
        return Uni.join().all(refreshed).andFailFast().map(list -> {
            Map<String, UserAccounts.Held> byAccount = new HashMap<>();
            list.forEach(held -> byAccount.put(held.accountId(), held));
            return new UserAccounts(found.tenantId(), replaced(found.byAuthConfig(), byAccount), replaced(found.byToolkit(), byAccount));
        });
    }

    /** Whether {@link #fresh} would refresh any of the accounts' tokens; reads the clock only when a token expires. */
    public boolean anyDue(UserAccounts found) {
        Instant soon = null;
        for (UserAccounts.Held held : found.byAuthConfig().values()) {
            if (held.expiresAt() != null && isDue(held, soon == null ? soon = refreshHorizon() : soon)) {
                return true;
            }
        }
        return false;
    }

    private Instant refreshHorizon() {
        return Instant.now().plus(config.connections().refreshBeforeExpiry());
    }

    private static boolean isDue(UserAccounts.Held held, Instant soon) {
        return held.expiresAt() != null && held.credential() != null && held.credential().renewableAccountId() != null
                && held.expiresAt().isBefore(soon);
    }

    /**
     * Refreshes the account's access token unless the one the caller holds ({@code staleHeader}, as sent upstream)
     * was already replaced, in which case the replacement is answered.
     */
    public Uni<Renewed> refresh(String tenantId, String accountId, String staleHeader) {
        String key = tenantId + "/" + accountId;
        List<Uni<Renewed>> flight = new ArrayList<>(1);
        return inFlight.computeIfAbsent(key, k -> {
            Uni<Renewed> shared = acrossReplicas(tenantId, accountId, staleHeader)
                    .onTermination().invoke(() -> inFlight.remove(k, flight.get(0)))
                    .memoize().indefinitely();
            flight.add(shared);
            return shared;
        });
    }

    /** The refresh under the account's row lock, as each replica runs it (one transaction, one connection). */
    Uni<Renewed> acrossReplicas(String tenantId, String accountId, String staleHeader) {
        return pool.withTransaction(connection -> locked(connection, tenantId, accountId, staleHeader))
                .call(outcome -> outcome.changed() ? tokens.announce(tenantId) : Uni.createFrom().voidItem())
                .map(Outcome::renewed);
    }

    private record Outcome(Renewed renewed, boolean changed) {
    }

    private Uni<Outcome> locked(SqlConnection connection, String tenantId, String accountId, String staleHeader) {
        return connection.preparedQuery(LOCK).execute(Tuple.of(tenantId, accountId)).chain(rows -> {
            if (rows.size() == 0) {
                return unusable("Connected account '" + accountId + "' no longer exists: connect the toolkit again", false);
            }
            Row row = rows.iterator().next();
            if (!AccountStatus.ACTIVE.name().equals(row.getString("status")) || row.getBoolean("disabled")) {
                return unusable(ReconnectMessage.of(accountId, row.getString("status"), null), false);
            }
            String current = tokens.accessToken(row);
            Instant expiresAt = instant(row.getOffsetDateTime("token_expires_at"));
            if (current != null && !("Bearer " + current).equals(staleHeader)) {
                // Refreshed meanwhile, here or by another replica, which held the lock while we waited for it.
                return Uni.createFrom().item(new Outcome(new Renewed(UpstreamCredential.oauth2(accountId, current), expiresAt, null), false));
            }
            String refreshToken = tokens.refreshToken(row);
            if (refreshToken == null) {
                return Uni.createFrom().item(new Outcome(new Renewed(current == null ? null
                        : UpstreamCredential.oauth2(accountId, current), expiresAt, null), false));
            }
            return tokenEndpoint.refresh(tokens.client(row), refreshToken)
                    .call(issued -> tokens.store(connection, tenantId, accountId, issued, refreshToken))
                    .map(issued -> {
                        LOG.debugf("Connected account %s: access token refreshed", accountId);
                        return new Outcome(new Renewed(UpstreamCredential.oauth2(accountId, issued.accessToken()), issued.expiresAt(), null), true);
                    })
                    .onFailure(failure -> failure instanceof TokenEndpoint.Refused refused && refused.grantInvalid())
                    .recoverWithUni(refused -> {
                        LOG.infof("Connected account %s expired: %s", accountId, refused.getMessage());
                        return tokens.end(connection, tenantId, accountId, AccountStatus.EXPIRED.name(), refused.getMessage())
                                .chain(() -> unusable(ReconnectMessage.of(accountId, AccountStatus.EXPIRED.name(), refused.getMessage()), true));
                    });
        });
    }

    private static Uni<Outcome> unusable(String why, boolean changed) {
        return Uni.createFrom().item(new Outcome(new Renewed(null, null, why), changed));
    }

    private static Map<String, UserAccounts.Held> replaced(Map<String, UserAccounts.Held> held, Map<String, UserAccounts.Held> byAccount) {
        Map<String, UserAccounts.Held> result = new HashMap<>(held);
        result.replaceAll((key, value) -> byAccount.getOrDefault(value.accountId(), value));
        return Map.copyOf(result);
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}

package dev.switchboard.connection.oauth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.BooleanSupplier;

/**
 * What an integration test reads in the packaged instances' database (the test profile's, {@code SWITCHBOARD_DB_*})
 * about a connected account: when its access token expires, and who waits for its row lock behind whom.
 */
final class AccountRows implements AutoCloseable {

    /** One backend waiting for the account's row lock ({@code waiting}), blocked by another ({@code holding}). */
    record LockWait(String waiting, String holding, String holderState) {
    }

    /** The refresher's lock ({@code … for update of ca}) waiting behind another backend, named by application. */
    private static final String LOCK_WAIT = """
            select waiting.application_name as waiting, holding.application_name as holding, holding.state as holder_state
            from pg_stat_activity waiting
            join pg_stat_activity holding on holding.pid = any(pg_blocking_pids(waiting.pid))
            where waiting.datname = current_database() and waiting.pid <> pg_backend_pid()
              and waiting.wait_event_type = 'Lock' and waiting.query like '%connected_account ca%for update of ca%'""";

    private final Connection connection;

    private AccountRows(Connection connection) {
        this.connection = connection;
    }

    static AccountRows open() {
        String url = "jdbc:postgresql://" + env("SWITCHBOARD_DB_HOST", "127.0.0.1") + ":" + env("SWITCHBOARD_DB_PORT", "5432")
                + "/" + env("SWITCHBOARD_DB_NAME", "test");
        try {
            return new AccountRows(DriverManager.getConnection(url, env("SWITCHBOARD_DB_USER", "postgres"), env("SWITCHBOARD_DB_PASSWORD", "")));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach " + url, e);
        }
    }

    /**
     * Waits until the account's access token is due for a refresh by the gateway's own rule (it expires within
     * {@code refreshBeforeExpiry}), reading its expiry from the row: no longer than that takes.
     */
    void awaitRefreshWindow(String tenantId, String accountId, Duration refreshBeforeExpiry) throws InterruptedException {
        Instant due = expiresAt(tenantId, accountId).minus(refreshBeforeExpiry);
        long wait = Duration.between(Instant.now(), due).toMillis() + 1;
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /**
     * Asks until a backend waits for an account's row lock behind another one (the test's own accounts are the only
     * ones in the database), at most {@code limit}, or until {@code giveUp} says there is no point (answers null then,
     * and when the time is up).
     */
    LockWait awaitLockWait(Duration limit, BooleanSupplier giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && !giveUp.getAsBoolean()) {
            try (PreparedStatement query = connection.prepareStatement(LOCK_WAIT); ResultSet found = query.executeQuery()) {
                if (found.next()) {
                    return new LockWait(found.getString("waiting"), found.getString("holding"), found.getString("holder_state"));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Thread.sleep(20);
        }
        return null;
    }

    private Instant expiresAt(String tenantId, String accountId) {
        try (PreparedStatement query = connection.prepareStatement(
                "select token_expires_at from connected_account where tenant_id = ? and id = ?")) {
            query.setString(1, tenantId);
            query.setString(2, accountId);
            try (ResultSet found = query.executeQuery()) {
                if (!found.next() || found.getObject(1) == null) {
                    throw new IllegalStateException("account " + accountId + " has no token expiry");
                }
                return found.getObject(1, OffsetDateTime.class).toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

package dev.switchboard.deploy;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The environment variables the Switchboard service reads: the one list that the compose file, the
 * env example and the Helm chart are all checked against.
 */
final class EnvironmentContract {

    static final String PREFIX = "SWITCHBOARD_";

    static final Set<String> SETTINGS = Set.of(
            "SWITCHBOARD_PUBLIC_URL",
            "SWITCHBOARD_DB_HOST",
            "SWITCHBOARD_DB_PORT",
            "SWITCHBOARD_DB_NAME",
            "SWITCHBOARD_DB_USER",
            "SWITCHBOARD_DB_PASSWORD",
            "SWITCHBOARD_REDIS_URL",
            "SWITCHBOARD_RATELIMIT_STORE",
            "SWITCHBOARD_RATELIMIT_FAIL_OPEN",
            "SWITCHBOARD_RATELIMIT_TENANT_RATE",
            "SWITCHBOARD_RATELIMIT_TENANT_BURST",
            "SWITCHBOARD_RATELIMIT_TENANT_WINDOW",
            "SWITCHBOARD_RATELIMIT_USER_RATE",
            "SWITCHBOARD_RATELIMIT_USER_BURST",
            "SWITCHBOARD_RATELIMIT_USER_WINDOW",
            "SWITCHBOARD_RATELIMIT_SERVER_RATE",
            "SWITCHBOARD_RATELIMIT_SERVER_BURST",
            "SWITCHBOARD_RATELIMIT_SERVER_WINDOW",
            "SWITCHBOARD_RATELIMIT_TOOL_RATE",
            "SWITCHBOARD_RATELIMIT_TOOL_BURST",
            "SWITCHBOARD_RATELIMIT_TOOL_WINDOW",
            "SWITCHBOARD_RATELIMIT_MANAGEMENT_RATE",
            "SWITCHBOARD_RATELIMIT_MANAGEMENT_BURST",
            "SWITCHBOARD_RATELIMIT_MANAGEMENT_WINDOW",
            "SWITCHBOARD_RATELIMIT_TOOLKIT_CONCURRENCY",
            "SWITCHBOARD_RATELIMIT_REDIS_KEY_PREFIX",
            "SWITCHBOARD_ENCRYPTION_KEY",
            "SWITCHBOARD_ENCRYPTION_KEY_ID",
            "SWITCHBOARD_BOOTSTRAP_API_KEY",
            "SWITCHBOARD_BOOTSTRAP_TENANT",
            "SWITCHBOARD_BOOTSTRAP_PLATFORM_ADMIN",
            "SWITCHBOARD_OIDC_ENABLED",
            "SWITCHBOARD_OIDC_ISSUER",
            "SWITCHBOARD_OIDC_CLIENT_ID",
            "SWITCHBOARD_OIDC_AUDIENCE",
            "SWITCHBOARD_OIDC_SCOPES",
            "SWITCHBOARD_OIDC_EXCHANGE_CLIENT_ID",
            "SWITCHBOARD_OIDC_EXCHANGE_CLIENT_SECRET",
            "SWITCHBOARD_OIDC_EXCHANGE_TOKEN_URL",
            "SWITCHBOARD_IDENTITY_USER_ID_CLAIM",
            "SWITCHBOARD_IDENTITY_TENANT_CLAIM",
            "SWITCHBOARD_IDENTITY_ROLES_CLAIMS",
            "SWITCHBOARD_IDENTITY_DEFAULT_TENANT",
            "SWITCHBOARD_IDENTITY_AUTO_PROVISION_TENANTS",
            "SWITCHBOARD_IDENTITY_ADMIN_ROLE",
            "SWITCHBOARD_IDENTITY_PLATFORM_ADMIN_ROLE",
            "SWITCHBOARD_SESSIONS_TTL",
            "SWITCHBOARD_CACHE_TTL",
            "SWITCHBOARD_GATEWAY_UPSTREAM_TIMEOUT",
            "SWITCHBOARD_GATEWAY_UPSTREAM_IDLE_TIMEOUT",
            "SWITCHBOARD_GATEWAY_KEEP_ALIVE_INTERVAL",
            "SWITCHBOARD_GATEWAY_SESSION_LIFETIME",
            "SWITCHBOARD_GATEWAY_INPUT_REQUIRED_TIMEOUT",
            "SWITCHBOARD_GATEWAY_POOLED_SESSION_IDLE_TIMEOUT",
            "SWITCHBOARD_GATEWAY_POOLED_SESSION_LIMIT",
            "SWITCHBOARD_GATEWAY_LIST_PAGE_SIZE",
            "SWITCHBOARD_GATEWAY_MAX_UPSTREAM_MESSAGE",
            "SWITCHBOARD_GATEWAY_ALLOWED_ORIGINS",
            "SWITCHBOARD_GATEWAY_ALLOWED_HOSTS",
            "SWITCHBOARD_GATEWAY_UPSTREAM_ADDRESSES_ALLOWED",
            "SWITCHBOARD_GATEWAY_UPSTREAM_ADDRESSES_DENIED",
            "SWITCHBOARD_GATEWAY_UPSTREAM_ADDRESSES_ALLOW_LOOPBACK",
            "SWITCHBOARD_MAX_BODY_SIZE",
            "SWITCHBOARD_LOG_JSON",
            "SWITCHBOARD_OTEL_ENABLED",
            "SWITCHBOARD_OTEL_ENDPOINT",
            "SWITCHBOARD_SHUTDOWN_TIMEOUT");

    /** The settings that must come from a Secret, never from a ConfigMap. */
    static final Set<String> SECRETS = Set.of(
            "SWITCHBOARD_DB_PASSWORD",
            "SWITCHBOARD_ENCRYPTION_KEY",
            "SWITCHBOARD_BOOTSTRAP_API_KEY");

    /** Asserts that the SWITCHBOARD_* names among {@code names} are exactly the contract, naming the differences. */
    static void assertExactlyTheSettings(String where, Set<String> names) {
        Set<String> present = new TreeSet<>(names);
        present.removeIf(name -> !name.startsWith(PREFIX));
        Set<String> missing = new TreeSet<>(SETTINGS);
        missing.removeAll(present);
        Set<String> unexpected = new TreeSet<>(present);
        unexpected.removeAll(SETTINGS);
        assertTrue(missing.isEmpty() && unexpected.isEmpty(),
                () -> where + ": missing " + missing + ", not in the contract " + unexpected);
    }

    private EnvironmentContract() {
    }
}

package dev.switchboard.identity.apikey;

import dev.switchboard.common.Sha256;
import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.identity.CurrentPrincipal;
import dev.switchboard.identity.Principal;
import dev.switchboard.identity.Roles;
import dev.switchboard.tenancy.TenantId;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks an API key against its stored hash and turns it into a tenant principal. */
@Singleton
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private static final String LOOKUP = """
            select k.id, k.role, k.platform_admin, k.revoked_at, t.id as tenant_id, t.name as tenant_name, t.status
            from api_key k join tenant t on t.id = k.tenant_id
            where k.key_hash = $1""";
    private static final int MAX_REMEMBERED_HASHES = 10_000;

    @Inject
    Pool pool;

    @Inject
    SwitchboardConfig config;

    /**
     * What a key's row says, built once per lookup rather than on every request: the identity, or why the key is
     * refused (revoked).
     */
    private record KeyIdentity(String tenantId, SecurityIdentity identity, String refusal) {
    }

    private ShortLivedCache<KeyIdentity> keys;

    /**
     * The hash of each key found, so that a key's every request does not hash it again (it was a percent of the
     * gateway's CPU). A key's hash never changes; whether the key is still valid is the cache's to say.
     */
    private final Map<String, String> hashesOfKnownKeys = new ConcurrentHashMap<>();

    @PostConstruct
    void createCache() {
        keys = new ShortLivedCache<>(config.cacheTtl(), 10_000);
    }

    void evict(@Observes ConfigurationChanged changed) {
        keys.evictTenant(changed.tenantId());
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        String hash = Sha256.hex(request.key());
        return keys.get(hash, KeyIdentity::tenantId, () -> lookup(hash))
                .map(key -> {
                    if (key == null) {
                        throw new AuthenticationFailedException("The API key is not valid");
                    }
                    if (key.refusal() != null) {
                        throw new AuthenticationFailedException(key.refusal());
                    }
                    return key.identity();
                });
    }

    /**
     * The identity of a valid key whose row is cached, else null: then {@link #authenticate}, through Quarkus
     * security, looks it up or says why it is refused. The gateway asks this first on every MCP request.
     */
    public SecurityIdentity cachedIdentity(String key) {
        String remembered = hashesOfKnownKeys.get(key);
        String hash = remembered != null ? remembered : Sha256.hex(key);
        KeyIdentity known = keys.cached(hash, KeyIdentity::tenantId, () -> lookup(hash));
        if (known == null) {
            return null;
        }
        if (remembered == null) {
            // Only keys found in the database: a caller trying random keys cannot push the real ones out.
            if (hashesOfKnownKeys.size() >= MAX_REMEMBERED_HASHES) {
                hashesOfKnownKeys.clear();
            }
            hashesOfKnownKeys.put(key, hash);
        }
        return known.identity();
    }

    private Uni<KeyIdentity> lookup(String hash) {
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(hash))
                .map(found -> found.iterator().hasNext() ? toIdentity(found.iterator().next()) : null);
    }

    private static KeyIdentity toIdentity(Row row) {
        if (row.getValue("revoked_at") != null) {
            return new KeyIdentity(row.getString("tenant_id"), null, "The API key has been revoked");
        }
        Set<String> roles = new HashSet<>();
        String tenantName = row.getString("tenant_name");
        boolean tenantActive = "ACTIVE".equals(row.getString("status"));
        if (tenantActive) {
            roles.add(Roles.MEMBER);
            if (Roles.ADMIN.equals(row.getString("role"))) {
                roles.add(Roles.ADMIN);
            }
        }
        if (row.getBoolean("platform_admin")) {
            roles.add(Roles.PLATFORM_ADMIN);
        }
        String subject = "api_key:" + row.getString("id");
        Principal principal = new Principal(Principal.Kind.API_KEY, subject,
                tenantActive ? new TenantId(row.getString("tenant_id")) : null, tenantName, Set.copyOf(roles),
                tenantActive ? null : "Tenant '" + tenantName + "' is disabled");
        return new KeyIdentity(row.getString("tenant_id"), QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(subject))
                .addRoles(roles)
                .addAttribute(CurrentPrincipal.ATTRIBUTE, principal)
                .build(), null);
    }
}

package dev.switchboard.identity;

import dev.switchboard.common.cache.ConfigurationChanged;
import dev.switchboard.common.cache.ShortLivedCache;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.tenancy.TenantDirectory;
import dev.switchboard.tenancy.TenantDirectory.TenantRef;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns a verified OIDC token into a Switchboard principal: user id, tenant (looked up, or provisioned
 * when allowed) and roles mapped from the IdP's role values. The IdP's raw roles are dropped, so only
 * the configured role names grant anything. Tenants are cached like API keys: calls with tokens read a
 * tenant at most once per cache TTL, not on every call.
 */
@Singleton
public class OidcPrincipalAugmentor implements SecurityIdentityAugmentor {

    @Inject
    SwitchboardConfig config;

    @Inject
    TenantDirectory tenants;

    private ShortLivedCache<TenantRef> tenantsByName;

    @PostConstruct
    void createCache() {
        tenantsByName = new ShortLivedCache<>(config.cacheTtl(), 10_000);
    }

    void evict(@Observes ConfigurationChanged changed) {
        tenantsByName.evictTenant(changed.tenantId());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(CurrentPrincipal.ATTRIBUTE) != null
                || !(identity.getPrincipal() instanceof OidcJwtCallerPrincipal token)) {
            return Uni.createFrom().item(identity);
        }
        ClaimMapper.MappedClaims claims = new ClaimMapper(config.identity()).map(claimsOf(token));
        if (claims.userId() == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException(
                    "The token has no '" + config.identity().userIdClaim() + "' claim to identify the user"));
        }
        if (claims.tenantName() == null) {
            return Uni.createFrom().item(build(identity, claims, null,
                    "The token has no '" + config.identity().tenantClaim() + "' claim naming a tenant"));
        }
        return resolveTenant(claims.tenantName()).map(tenant -> {
            if (tenant == null) {
                return build(identity, claims, null, "Tenant '" + claims.tenantName()
                        + "' does not exist; a platform admin must create it first");
            }
            if (!tenant.active()) {
                return build(identity, claims, null, "Tenant '" + claims.tenantName() + "' is disabled");
            }
            return build(identity, claims, tenant, null);
        });
    }

    private Uni<TenantRef> resolveTenant(String name) {
        return tenantsByName.get(name, tenant -> tenant.id().value(), () -> tenants.findByName(name))
                .chain(found -> found != null || !config.identity().autoProvisionTenants()
                        ? Uni.createFrom().item(found)
                        : tenants.provision(name));
    }

    private static SecurityIdentity build(SecurityIdentity identity, ClaimMapper.MappedClaims claims, TenantRef tenant,
            String refusal) {
        Set<String> roles = new HashSet<>(claims.roles());
        if (tenant == null) {
            roles.remove(Roles.ADMIN);
            roles.remove(Roles.MEMBER);
        }
        Principal principal = new Principal(Principal.Kind.USER, claims.userId(), tenant == null ? null : tenant.id(),
                tenant == null ? claims.tenantName() : tenant.name(), Set.copyOf(roles), refusal);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(roles)
                .addAttribute(CurrentPrincipal.ATTRIBUTE, principal)
                .build();
    }

    private static Map<String, Object> claimsOf(OidcJwtCallerPrincipal token) {
        return token.getClaims().getClaimsMap();
    }
}

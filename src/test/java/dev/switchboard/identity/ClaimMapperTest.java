package dev.switchboard.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.switchboard.config.SwitchboardConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimMapperTest {

    private record Identity(String userIdClaim, String tenantClaim, List<String> rolesClaims, Optional<String> defaultTenant,
            boolean autoProvisionTenants, String adminRole, String platformAdminRole) implements SwitchboardConfig.Identity {
        @Override
        public Optional<List<String>> scopes() {
            return Optional.empty();
        }
    }

    private static final Identity DEFAULTS = new Identity("sub", "tenant", List.of("groups", "realm_access/roles"),
            Optional.empty(), false, "admin", "platform-admin");

    @Test
    void mapsTheDefaultClaims() {
        var mapped = new ClaimMapper(DEFAULTS).map(Map.of("sub", "u-1", "tenant", "acme", "groups", List.of("admin", "x")));
        assertEquals("u-1", mapped.userId());
        assertEquals("acme", mapped.tenantName());
        assertEquals(Set.of(Roles.ADMIN, Roles.MEMBER), mapped.roles());
    }

    @Test
    void readsNestedRoleClaimsAndPlatformAdmins() {
        var mapped = new ClaimMapper(DEFAULTS).map(Map.of("sub", "u", "tenant", "t",
                "realm_access", Map.of("roles", List.of("platform-admin"))));
        assertEquals(Set.of(Roles.PLATFORM_ADMIN, Roles.MEMBER), mapped.roles());
    }

    @Test
    void usesConfiguredClaimNamesAndSpaceSeparatedRoles() {
        Identity custom = new Identity("email", "org", List.of("scope"), Optional.empty(), false, "sb:admin", "sb:root");
        var mapped = new ClaimMapper(custom).map(Map.of("sub", "ignored", "email", "a@b.c", "org", "globex",
                "scope", "openid sb:admin profile"));
        assertEquals("a@b.c", mapped.userId());
        assertEquals("globex", mapped.tenantName());
        assertEquals(Set.of(Roles.ADMIN, Roles.MEMBER), mapped.roles());
    }

    @Test
    void aTokenWithoutTenantHasNoneUnlessSingleTenant() {
        assertNull(new ClaimMapper(DEFAULTS).map(Map.of("sub", "u")).tenantName());
        Identity single = new Identity("sub", "tenant", List.of("groups"), Optional.of("default"), false, "admin", "platform-admin");
        assertEquals("default", new ClaimMapper(single).map(Map.of("sub", "u")).tenantName());
        assertEquals("explicit", new ClaimMapper(single).map(Map.of("sub", "u", "tenant", "explicit")).tenantName());
    }

    @Test
    void aMissingUserClaimMapsToNoUser() {
        assertNull(new ClaimMapper(DEFAULTS).map(Map.of("tenant", "t")).userId());
    }

    @Test
    void readsJsonValuedClaimsWithoutTheirQuotes() {
        var mapped = new ClaimMapper(DEFAULTS).map(Map.of("sub", jakarta.json.Json.createValue("u-2"),
                "tenant", jakarta.json.Json.createObjectBuilder().add("x", 1).build().getJsonNumber("x"),
                "groups", jakarta.json.Json.createArrayBuilder().add("admin").build()));
        assertEquals("u-2", mapped.userId());
        assertEquals("1", mapped.tenantName());
        assertEquals(Set.of(Roles.ADMIN, Roles.MEMBER), mapped.roles());
    }
}

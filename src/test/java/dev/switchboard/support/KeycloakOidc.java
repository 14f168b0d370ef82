package dev.switchboard.support;

import static dev.switchboard.support.Api.ROOT;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Points the app under test at the shared real {@link Keycloak} and its example realm. Keycloak outlives
 * each app start ({@link #stop()} leaves it running): test classes with other profiles restart the app, but
 * never Keycloak.
 */
public class KeycloakOidc implements QuarkusTestResourceLifecycleManager {

    /** The audience of Switchboard's tokens in the realm (its client id there). */
    public static final String AUDIENCE = "switchboard";
    /** The realm's client scope that gives tokens what Switchboard needs; MCP clients are told to ask for it. */
    public static final String SCOPE = "switchboard";
    /** The secret of the realm's 'switchboard' client, which may exchange users' tokens (standard token exchange). */
    public static final String EXCHANGE_CLIENT_SECRET = "switchboard-local-secret";

    /** The profile of every test against the real Keycloak; one profile, so those test classes share an app start. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakOidc.class));
        }
    }

    @Override
    public Map<String, String> start() {
        Keycloak keycloak = Keycloak.shared();
        return Map.of(
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", keycloak.issuer(),
                "quarkus.oidc.client-id", AUDIENCE,
                "switchboard.identity.scopes", SCOPE,
                // The realm's switchboard client exchanges users' tokens (TOKEN_EXCHANGE auth configs).
                "switchboard.token-exchange.client-secret", EXCHANGE_CLIENT_SECRET);
    }

    @Override
    public void stop() {
        // Keycloak stops with the test JVM.
    }

    /**
     * The id of the Switchboard tenant the realm's users name in their {@code tenant} claim, created by the
     * platform admin on first use (the realm's tenants are fixed names; the database is fresh per app start).
     */
    public static String tenant(String name) {
        var existing = Api.platform().get(ROOT + "/tenants/" + name);
        if (existing.statusCode() == 200) {
            return existing.path("id");
        }
        return Api.platform().body(Map.of("name", name)).post(ROOT + "/tenants")
                .then().statusCode(201).extract().path("id");
    }

    /** A realm user's token at the example's MCP client (the password grant, which the example allows for demos). */
    public static String userToken(String username) {
        return Keycloak.shared().passwordToken(Keycloak.CLI_CLIENT, username);
    }

    /** A token Keycloak issues to another service of the company: the user and tenant are right, the audience is not. */
    public static String otherAudienceToken(String username) {
        Keycloak.shared().ensure("/clients", publicTestClient("other-service", List.of("basic"), Map.of(),
                List.of(tenantMapper(), audienceMapper("other-service"))));
        return Keycloak.shared().passwordToken("other-service", username);
    }

    /** A token Keycloak issues with no audience at all (a client with no audience mapper and no client roles in scope). */
    public static String noAudienceToken(String username) {
        Keycloak.shared().ensure("/clients", publicTestClient("no-audience", List.of("basic"), Map.of(), List.of(tenantMapper())));
        return Keycloak.shared().passwordToken("no-audience", username);
    }

    /** A token for Switchboard that lacks the tenant claim: issued without the 'switchboard' scope. */
    public static String tenantlessToken(String username) {
        Keycloak.shared().ensure("/clients", publicTestClient("no-tenant-scope", List.of("basic"), Map.of(),
                List.of(audienceMapper(AUDIENCE))));
        return Keycloak.shared().passwordToken("no-tenant-scope", username);
    }

    /** A token for Switchboard that Keycloak issues with a lifetime of one second. */
    public static String shortLivedToken(String username) {
        Keycloak.shared().ensure("/clients", publicTestClient("short-lived", List.of("basic", SCOPE),
                Map.of("access.token.lifespan", "1"), List.of()));
        return Keycloak.shared().passwordToken("short-lived", username);
    }

    /** A user of tenant 'initech' (a member), which tests may disable without disturbing the example's tenants. */
    public static String initechUser() {
        Keycloak.shared().ensure("/users", Map.of("username", "dave", "enabled", true, "email", "dave@initech.example",
                "emailVerified", true, "firstName", "Dave", "lastName", "Davis",
                "attributes", Map.of("tenant", List.of("initech")), "groups", List.of("/member"),
                "credentials", List.of(Map.of("type", "password", "value", "dave", "temporary", false))));
        return "dave";
    }

    private static Map<String, Object> publicTestClient(String clientId, List<String> scopes, Map<String, String> attributes,
            List<Map<String, Object>> mappers) {
        return Map.of("clientId", clientId, "publicClient", true, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", true, "fullScopeAllowed", false, "defaultClientScopes", scopes,
                "optionalClientScopes", List.of(), "attributes", attributes, "protocolMappers", mappers);
    }

    private static Map<String, Object> tenantMapper() {
        return Map.of("name", "tenant", "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-attribute-mapper",
                "config", Map.of("user.attribute", "tenant", "claim.name", "tenant", "jsonType.label", "String",
                        "access.token.claim", "true"));
    }

    private static Map<String, Object> audienceMapper(String audience) {
        return Map.of("name", "audience-" + audience, "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", audience, "access.token.claim", "true"));
    }
}

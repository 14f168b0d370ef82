package dev.switchboard.support;

import static dev.switchboard.support.Api.ROOT;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the app under test at the shared real {@link Keycloak} and its example realm. Keycloak outlives
 * each app start ({@link #stop()} leaves it running): test classes with other profiles restart the app, but
 * never Keycloak.
 */
public class KeycloakOidc implements QuarkusTestResourceLifecycleManager {

    /** The audience of Switchboard's tokens in the realm (its client id there). */
    public static final String AUDIENCE = "switchboard";

    @Override
    public Map<String, String> start() {
        Keycloak keycloak = Keycloak.shared();
        return Map.of(
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", keycloak.issuer(),
                "quarkus.oidc.client-id", AUDIENCE);
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
}

package dev.switchboard.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An OIDC provider for tests: discovery and JWKS served on 127.0.0.1 (a port of its choosing), with the
 * RSA key pair that quarkus-test-oidc-server ships ({@code publicKey.jwk} / {@code privateKey.jwk}).
 * Quarkus' own OidcWiremockTestResource binds every interface, which our test machines must not do.
 */
public class LoopbackOidcServer implements QuarkusTestResourceLifecycleManager {

    public static final String REALM_PATH = "/realms/switchboard";
    public static final String AUDIENCE = "switchboard";

    private static volatile String issuer;
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        issuer = "http://127.0.0.1:" + server.port() + REALM_PATH;
        server.stubFor(get(urlEqualTo(REALM_PATH + "/.well-known/openid-configuration")).willReturn(json("""
                {"issuer": "%1$s", "jwks_uri": "%1$s/protocol/openid-connect/certs",
                 "authorization_endpoint": "%1$s/protocol/openid-connect/auth",
                 "token_endpoint": "%1$s/protocol/openid-connect/token",
                 "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}
                """.formatted(issuer))));
        server.stubFor(get(urlEqualTo(REALM_PATH + "/protocol/openid-connect/certs"))
                .willReturn(json("{\"keys\": [" + classpathText("publicKey.jwk") + "]}")));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.tenant-enabled", "true");
        config.put("quarkus.oidc.auth-server-url", issuer);
        // The expected audience is left to application.properties, so tests exercise the production default.
        config.put("quarkus.oidc.client-id", AUDIENCE);
        config.put("smallrye.jwt.sign.key.location", "privateKey.jwk");
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A signed access token with the given claims (plus issuer, audience and a five-minute lifetime). */
    public static String token(Map<String, Object> claims) {
        return token(claims, AUDIENCE);
    }

    /** As {@link #token(Map)}, for the given audience; null leaves the {@code aud} claim out. */
    public static String token(Map<String, Object> claims, String audience) {
        var builder = Jwt.issuer(issuer).expiresIn(300);
        if (audience != null) {
            builder.audience(audience);
        }
        claims.forEach((name, value) -> {
            if (value instanceof Set<?> set) {
                builder.claim(name, set.stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()));
            } else {
                builder.claim(name, value);
            }
        });
        return builder.jws().keyId("1").sign();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String classpathText(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath (quarkus-test-oidc-server)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

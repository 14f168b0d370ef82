package dev.switchboard.connection.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.upstream.UpstreamAddressCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A provider's token endpoint (RFC 6749 §4.1.3, §6): redeems an authorization code with its PKCE verifier, or a
 * refresh token. The client authenticates with HTTP Basic (client_secret_basic, which every provider must
 * accept), or in the form where its auth config says so (client_secret_post, for providers that take nothing
 * else), or sends only its id when the auth config has no secret (a public client). Nothing it raises quotes a
 * token, code, verifier or secret.
 */
@ApplicationScoped
public class TokenEndpoint {

    /** The provider's client: where to redeem, as whom; {@code secretInForm}: client_secret_post rather than Basic. */
    public record Client(String tokenUrl, String clientId, String clientSecret, boolean secretInForm) {
        @Override
        public String toString() {
            return "Client[" + tokenUrl + ", " + clientId + ", secret=***" + (secretInForm ? ", in the form" : "") + "]";
        }
    }

    /** What the provider issued; {@code expiresAt} null when it did not say, {@code refreshToken} null when it gave none. */
    public record Tokens(String accessToken, String refreshToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Tokens[***, expiresAt=" + expiresAt + "]";
        }
    }

    /** The provider answered, refusing the grant; {@code error} is its RFC 6749 code (e.g. invalid_grant). */
    public static final class Refused extends RuntimeException {
        private final String error;

        Refused(String error, String reason) {
            super(reason, null, false, false);
            this.error = error;
        }

        public String error() {
            return error;
        }

        /** Whether the grant itself is dead (the code or refresh token is used, revoked or expired). */
        public boolean grantInvalid() {
            return "invalid_grant".equals(error);
        }
    }

    /** The token endpoint could not be reached or answered something that is not OAuth; worth trying again later. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_REASON = 300;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @Inject
    SwitchboardConfig config;

    @Inject
    UpstreamAddressCheck addresses;

    private WebClient web;

    @PostConstruct
    void start() {
        web = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
                .setConnectTimeout((int) config.connections().tokenEndpointTimeout().toMillis()));
    }

    @PreDestroy
    void stop() {
        web.close();
    }

    public Uni<Tokens> redeemCode(Client client, String code, String redirectUri, String verifier) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "authorization_code").add("code", code)
                .add("redirect_uri", redirectUri).add("code_verifier", verifier);
        return post(client, form);
    }

    public Uni<Tokens> refresh(Client client, String refreshToken) {
        return post(client, MultiMap.caseInsensitiveMultiMap().add("grant_type", "refresh_token").add("refresh_token", refreshToken));
    }

    private Uni<Tokens> post(Client client, MultiMap form) {
        var request = web.postAbs(client.tokenUrl()).timeout(config.connections().tokenEndpointTimeout().toMillis())
                .putHeader("Accept", "application/json");
        if (client.clientSecret() == null) {
            form.add("client_id", client.clientId());
        } else if (client.secretInForm()) {
            form.add("client_id", client.clientId()).add("client_secret", client.clientSecret());
        } else {
            // RFC 6749 §2.3.1: both are form-encoded before they go into the Basic credentials.
            request.basicAuthentication(formEncoded(client.clientId()), formEncoded(client.clientSecret()));
        }
        Instant sent = Instant.now();
        // The token URL is the tenant's to choose, like a toolkit's: the same address policy applies (SSRF).
        return Uni.createFrom().completionStage(() -> addresses.destination("The token endpoint", client.tokenUrl()).toCompletionStage())
                .onFailure().transform(refused -> new Unreachable("The token endpoint " + client.tokenUrl()
                        + " is not an address Switchboard may call (see switchboard.gateway.upstream-addresses)"))
                .chain(allowed -> request.sendForm(form)
                        .onFailure().transform(failure -> new Unreachable("The token endpoint " + client.tokenUrl()
                                + " could not be reached (" + failure.getClass().getSimpleName() + ")")))
                .map(response -> tokens(client, response, sent));
    }

    private Tokens tokens(Client client, HttpResponse<Buffer> response, Instant sent) {
        JsonNode body;
        try {
            body = json.readTree(response.bodyAsString() == null ? "" : response.bodyAsString());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new Unreachable("The token endpoint " + client.tokenUrl() + " answered HTTP " + response.statusCode() + " without JSON");
        }
        String accessToken = body.path("access_token").asText(null);
        if (response.statusCode() == 200 && accessToken != null && !accessToken.isEmpty()) {
            long expiresIn = body.path("expires_in").asLong(0);
            return new Tokens(accessToken, body.path("refresh_token").asText(null),
                    expiresIn > 0 ? sent.plusSeconds(expiresIn) : null);
        }
        String error = body.path("error").asText("");
        if (error.isEmpty()) {
            throw new Unreachable("The token endpoint " + client.tokenUrl() + " answered HTTP " + response.statusCode() + " without a token");
        }
        String description = body.path("error_description").asText("");
        return reject(error, description);
    }

    private static Tokens reject(String error, String description) {
        String reason = printable(error + (description.isEmpty() ? "" : ": " + description));
        throw new Refused(printable(error), "The provider refused: " + reason);
    }

    /** Provider text as a one-line reason: visible characters only, bounded. */
    static String printable(String text) {
        String cleaned = text.replaceAll("[\\p{Cntrl}]", " ").strip();
        return cleaned.length() > MAX_REASON ? cleaned.substring(0, MAX_REASON) + "…" : cleaned;
    }

    private static String formEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package dev.switchboard.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whoami upstream that identity tests rely on really checks who is calling: against the real Keycloak, a
 * token for its audience is answered with that token's user, and a token for another audience or none at all
 * is refused. Were it to accept anything, every "arrives as alice" assertion built on it would prove nothing.
 */
class WhoamiUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static Keycloak keycloak;
    private static NodePeers.Upstream upstream;

    @BeforeAll
    static void start() {
        keycloak = Keycloak.shared();
        // Tokens of the CLI client carry the audience "switchboard" (the realm's audience mapper).
        upstream = NodePeers.whoamiUpstream("whoami-upstream-test", keycloak.issuer(), "switchboard");
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void answersTheIdentityOfATokenForItsAudience() throws Exception {
        String token = keycloak.passwordToken(Keycloak.CLI_CLIENT, "bob");

        HttpResponse<String> answer = post(token, """
                {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{}}}""");

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode identity = JSON.readTree(JSON.readTree(answer.body()).at("/result/content/0/text").asText());
        assertEquals("bob", identity.path("preferred_username").asText());
        assertEquals(Keycloak.claims(token).path("sub").asText(), identity.path("sub").asText());
        assertTrue(identity.path("aud").toString().contains("switchboard"), identity.toString());
    }

    @Test
    void refusesATokenForAnotherAudience() throws Exception {
        try (NodePeers.Upstream strict = NodePeers.whoamiUpstream("whoami-upstream-other-audience", keycloak.issuer(),
                "another-upstream")) {
            HttpResponse<String> answer = post(strict.mcpUrl(), keycloak.passwordToken(Keycloak.CLI_CLIENT, "bob"), """
                    {"jsonrpc":"2.0","id":1,"method":"tools/list"}""");

            assertEquals(401, answer.statusCode());
            assertTrue(answer.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
        }
    }

    @Test
    void refusesARequestWithoutAToken() throws Exception {
        HttpResponse<String> answer = post(null, """
                {"jsonrpc":"2.0","id":1,"method":"tools/list"}""");

        assertEquals(401, answer.statusCode());
    }

    private static HttpResponse<String> post(String token, String body) throws IOException, InterruptedException {
        return post(upstream.mcpUrl(), token, body);
    }

    private static HttpResponse<String> post(String url, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replace("localhost", "127.0.0.1")))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

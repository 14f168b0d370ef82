package dev.switchboard.connection.oauth;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP proxy on loopback in front of Keycloak's token endpoint: it forwards every request as it came (body,
 * content type, client credentials) and the answer as it went, and remembers the grant type of each request and
 * every answer body, so a test can count how often a refresh token was redeemed and look for tokens at rest. A test
 * may also hold refresh grants at the proxy (before they reach Keycloak) until it releases them.
 */
final class TokenEndpointProxy implements AutoCloseable {

    /**
     * One grant as Keycloak answered it: its type, the refresh token it redeemed (or ""), the status, what was issued,
     * and how the client authenticated: HTTP Basic, or its secret in the form (client_secret_post).
     */
    record Grant(String grantType, String redeemed, int status, String answer, boolean basicAuthentication, boolean secretInForm) {
    }

    private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> grantTypes = new CopyOnWriteArrayList<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private final List<Grant> answered = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hold;

    private TokenEndpointProxy(String target) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/token", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String form = new String(body, StandardCharsets.UTF_8);
                String grantType = field(form, "grant_type");
                grantTypes.add(grantType);
                CountDownLatch held = hold;
                if (held != null && "refresh_token".equals(grantType)) {
                    held.await(LONGEST_HOLD.toSeconds(), TimeUnit.SECONDS);
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                for (String header : List.of("Content-Type", "Authorization", "Accept")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        forward.header(header, value);
                    }
                }
                HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                String issued = new String(answer.body(), StandardCharsets.UTF_8);
                answers.add(issued);
                answered.add(new Grant(grantType, field(form, "refresh_token"), answer.statusCode(), issued,
                        exchange.getRequestHeaders().getFirst("Authorization") != null, !field(form, "client_secret").isEmpty()));
                exchange.getResponseHeaders().add("Content-Type", answer.headers().firstValue("Content-Type").orElse("application/json"));
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    static TokenEndpointProxy to(String tokenEndpoint) {
        try {
            return new TokenEndpointProxy(tokenEndpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** How many requests redeemed a refresh token so far. */
    long refreshes() {
        return grantTypes.stream().filter("refresh_token"::equals).count();
    }

    long codeExchanges() {
        return grantTypes.stream().filter("authorization_code"::equals).count();
    }

    /** The grants Keycloak answered so far, in the order it answered them. */
    List<Grant> grants() {
        return List.copyOf(answered);
    }

    /** From now on refresh grants wait here, before reaching Keycloak, until {@link #release()} (at most a minute). */
    void holdRefreshes() {
        hold = new CountDownLatch(1);
    }

    /** Lets the held refresh grants (and later ones) through. */
    void release() {
        CountDownLatch held = hold;
        hold = null;
        if (held != null) {
            held.countDown();
        }
    }

    /** Every answer body the token endpoint gave (tokens included: the test's own view of what was issued). */
    List<String> answers() {
        return List.copyOf(answers);
    }

    private static String field(String form, String name) {
        for (String pair : form.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

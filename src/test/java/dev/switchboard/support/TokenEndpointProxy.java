package dev.switchboard.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP proxy in front of the real Keycloak's token endpoint, so a test can count the token exchanges the
 * gateway makes: every POST it gets is forwarded to Keycloak as it came (body, content type, client authentication)
 * and Keycloak's answer returned as it is. As a test resource it points the app's token exchange at itself.
 */
public class TokenEndpointProxy implements QuarkusTestResourceLifecycleManager {

    /** One exchange asked through the proxy: the audience asked for and Keycloak's status. */
    public record Exchange(String audience, int status) {
    }

    private static final List<Exchange> EXCHANGES = new CopyOnWriteArrayList<>();
    private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private HttpServer server;

    /** The token exchanges the gateway asked for since the proxy started, in order. */
    public static List<Exchange> exchanges() {
        return List.copyOf(EXCHANGES);
    }

    @Override
    public Map<String, String> start() {
        String target = Keycloak.shared().tokenEndpoint();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", exchange -> forward(exchange, target));
        server.start();
        return Map.of("switchboard.token-exchange.token-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void forward(HttpExchange exchange, String target) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : List.of("Content-Type", "Authorization", "Accept")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
            if (TOKEN_EXCHANGE.equals(form.get("grant_type"))) {
                EXCHANGES.add(new Exchange(form.get("audience"), answer.statusCode()));
            }
            answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}

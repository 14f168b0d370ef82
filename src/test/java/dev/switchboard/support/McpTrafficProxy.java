package dev.switchboard.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy in front of a real MCP server, so a test can see the sessions the gateway opens and ends
 * there: every request is forwarded as it came and the answer streamed back as it arrives (event streams too). It
 * records the {@code Mcp-Session-Id} the upstream assigns (to requests that carry none: initialize), each
 * {@code DELETE} with the session it names and the upstream's status, and the body of each POST as it arrives
 * (before it is forwarded).
 */
public final class McpTrafficProxy implements AutoCloseable {

    /** A {@code DELETE} the gateway sent: the session it ended and the upstream's answer. */
    public record Ended(String sessionId, int status) {
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI upstream;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "mcp-traffic-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpServer server;
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final List<Ended> ended = new CopyOnWriteArrayList<>();
    private final List<String> posted = new CopyOnWriteArrayList<>();

    /** Starts a proxy on a loopback port of its own in front of {@code upstreamUrl} (the MCP endpoint's URL). */
    public McpTrafficProxy(String upstreamUrl) {
        this.upstream = URI.create(upstreamUrl);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    /** The proxy's URL for the upstream's MCP endpoint. */
    public String mcpUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + upstream.getRawPath();
    }

    /** The sessions the upstream opened through the proxy, in order. */
    public List<String> opened() {
        return List.copyOf(opened);
    }

    /** The sessions ended through the proxy, in order. */
    public List<Ended> ended() {
        return List.copyOf(ended);
    }

    /** The bodies POSTed through the proxy, in the order they arrived. */
    public List<String> posted() {
        return List.copyOf(posted);
    }

    /** Whether a {@code DELETE} of the session went through the proxy. */
    public boolean wasEnded(String sessionId) {
        return ended.stream().anyMatch(e -> e.sessionId().equals(sessionId));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String sessionId = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
            if ("POST".equals(exchange.getRequestMethod())) {
                posted.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            URI target = upstream.resolve(exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<InputStream> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException unreachable) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            if ("DELETE".equals(exchange.getRequestMethod()) && sessionId != null) {
                ended.add(new Ended(sessionId, answer.statusCode()));
            }
            if (sessionId == null) {
                answer.headers().firstValue("Mcp-Session-Id").ifPresent(opened::add);
            }
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            int status = answer.statusCode();
            exchange.sendResponseHeaders(status, status == 204 || status == 304 ? -1 : 0);
            try (InputStream in = answer.body(); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[8192];
                for (int read; (read = in.read(buffer)) >= 0;) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException gone) {
                // The gateway or the upstream closed the stream: nothing more to relay.
            }
        }
    }
}

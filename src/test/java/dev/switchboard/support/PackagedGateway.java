package dev.switchboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged app ({@code target/quarkus-app}, so only after {@code package}) run as a child process with the
 * test profile, bound to 127.0.0.1 on a free port: one gateway instance of several in integration tests.
 * {@link #close()} stops it.
 */
public record PackagedGateway(String name, Process process, int port) implements AutoCloseable {

    public static final Path RUNNER = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Starts an instance and waits until {@code /q/health/ready} answers 200 (the database is reachable and
     * migrated). Its output goes to {@code target/replica-logs/<name>.log}.
     *
     * @param properties system properties on top of the test profile, e.g. {@code quarkus.flyway.clean-at-start}
     */
    public static PackagedGateway start(String name, Map<String, String> properties) {
        return start(name, properties, Map.of());
    }

    /** As {@link #start(String, Map)}, with environment variables too (the deployment contract's names). */
    public static PackagedGateway start(String name, Map<String, String> properties, Map<String, String> environment) {
        if (!Files.isRegularFile(RUNNER)) {
            throw new IllegalStateException(RUNNER + " is missing: run the integration tests after package (mvn verify)");
        }
        int port = NodePeers.freePort();
        // A small heap: several instances run beside Maven and the test JVM on a 2-core CI machine.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.profile=test",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dswitchboard.public-url=" + publicUrl(port)));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", RUNNER.toString()));
        try {
            Path log = Path.of("target/replica-logs", name + ".log");
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            PackagedGateway gateway = new PackagedGateway(name, process, port);
            gateway.awaitReady(log);
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: loopback, which the gateway's Host check always accepts. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Its {@code switchboard.public-url}, where the links and redirects it hands out point. */
    public String publicUrl() {
        return publicUrl(port);
    }

    private static String publicUrl(int port) {
        return "http://localhost:" + port;
    }

    /** The MCP URL of a persistent MCP server for a user, on this instance. */
    public String mcpUrl(String serverId, String userId) {
        return baseUrl() + "/v3/mcp/" + serverId + "/mcp?user_id=" + userId;
    }

    @Override
    public void close() {
        NodePeers.stop(process, 20);
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (process.isAlive() && System.nanoTime() < deadline) {
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // Asked again below.
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = process.isAlive() ? "was not ready within " + READY_TIMEOUT : "exited with " + process.exitValue();
        close();
        throw new IllegalStateException(name + " " + why + "; see " + log);
    }
}

package dev.switchboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A real Keycloak for the SSO tests: the distribution the build unpacked into target/keycloak (pom.xml), started
 * in dev mode on a free loopback port with an in-memory database and the example realm of
 * {@code deploy/keycloak/switchboard-realm.json}. It starts once per test JVM, when a test first asks for it
 * (a start costs ~30 s on two cores), and stops when the JVM exits.
 */
public final class Keycloak {

    public static final String REALM = "switchboard";
    public static final Path REALM_FILE = Path.of("deploy/keycloak/switchboard-realm.json");
    /** The realm's public client for MCP clients and CLIs (password grant enabled for demos and these tests). */
    public static final String CLI_CLIENT = "switchboard-cli";
    /** The realm's client whose service account is an admin of tenant acme. */
    public static final String AUTOMATION_CLIENT = "switchboard-automation";
    public static final String AUTOMATION_SECRET = "switchboard-automation-local-secret";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_LIMIT = Duration.ofMinutes(5);
    private static Keycloak shared;

    private final Process process;
    private final String baseUrl;
    private final String adminPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Keycloak(Process process, String baseUrl, String adminPassword) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.adminPassword = adminPassword;
    }

    /** The Keycloak of this test run, started on first use. */
    public static synchronized Keycloak shared() {
        if (shared == null) {
            shared = start();
            Keycloak started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "keycloak-stop"));
        }
        return shared;
    }

    /** The realm's issuer, as it appears in tokens. */
    public String issuer() {
        return baseUrl + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** An access token for a realm user at a client with the password grant; every example password is the username. */
    public String passwordToken(String clientId, String username) {
        return token(Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", username));
    }

    /** An access token for a confidential client's service account (client credentials grant). */
    public String clientCredentialsToken(String clientId, String secret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** The claims of a token, read without checking it (the tests' own look at what Keycloak issued). */
    public static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Calls the admin REST API of the realm ({@code path} below {@code /admin/realms/switchboard}) as the bootstrap
     * admin; answers the status and body. For what the example realm does not hold and a test needs.
     */
    public HttpResponse<String> admin(String method, String path, Object body) {
        String adminToken = token("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", "admin", "password", adminPassword));
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/" + REALM + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .method(method, publisher).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a client, user or other realm object (a representation POSTed to {@code path}) unless it exists. */
    public void ensure(String path, Map<String, Object> representation) {
        int status = admin("POST", path, representation).statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("Keycloak refused to create " + representation + " at " + path + ": " + status);
        }
    }

    private String token(Map<String, String> form) {
        return token(REALM, form);
    }

    private String token(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token (" + response.statusCode() + "): " + response.body());
        }
        try {
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Keycloak start() {
        Path home = home();
        int port = NodePeers.freePort();
        String adminPassword = UUID.randomUUID().toString();
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(REALM_FILE, imports.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            Path log = Files.createDirectories(Path.of("target/keycloak-logs")).resolve("keycloak.log");
            // dev-mem: every run starts from the realm file alone, whatever an earlier run left behind.
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--db=dev-mem", "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            Keycloak keycloak = new Keycloak(builder.start(), "http://127.0.0.1:" + port, adminPassword);
            keycloak.awaitRealm(log);
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ready when the realm's discovery document answers: the server listens and the import is done. */
    private void awaitRealm(Path log) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("Keycloak was not ready within " + START_LIMIT + "; see " + log.toAbsolutePath());
    }

    /** kc.sh passes SIGTERM on to Keycloak's JVM; whatever still runs after the grace period is killed. */
    private void stop() {
        var descendants = process.descendants().toList();
        NodePeers.stop(process, 20);
        descendants.forEach(child -> {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        });
    }

    /** The unpacked distribution: the build names it (surefire's keycloak.home), else the one under target/keycloak. */
    private static Path home() {
        String configured = System.getProperty("keycloak.home");
        if (configured != null && Files.isExecutable(Path.of(configured, "bin/kc.sh"))) {
            return Path.of(configured);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("target/keycloak"), "keycloak-*")) {
            for (Path dir : dirs) {
                if (Files.isExecutable(dir.resolve("bin/kc.sh"))) {
                    return dir;
                }
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("No Keycloak distribution under target/keycloak: run the build's"
                + " generate-test-resources phase (./mvnw generate-test-resources) first");
    }
}

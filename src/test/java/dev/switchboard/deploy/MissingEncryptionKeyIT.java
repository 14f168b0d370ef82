package dev.switchboard.deploy;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.NodePeers;
import dev.switchboard.support.PackagedGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged app, in its production profile, started the way an operator who forgot the key would:
 * it must refuse to start and say which variable to set and how to make a key, rather than accept MCP
 * requests it cannot serve (it seals every session id with that key).
 */
class MissingEncryptionKeyIT {

    @Test
    void refusesToStartAndNamesTheVariable() throws Exception {
        Path log = Path.of("target/replica-logs/missing-encryption-key.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", PackagedGateway.RUNNER.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
        env.putAll(Map.of("QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_PORT", String.valueOf(NodePeers.freePort()),
                "SWITCHBOARD_DB_HOST", "127.0.0.1", "SWITCHBOARD_DB_USER", "postgres",
                "SWITCHBOARD_DB_NAME", System.getenv().getOrDefault("SWITCHBOARD_DB_NAME", "test")));
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the app must exit, not wait for requests");
            String output = Files.readString(log);
            assertNotEquals(0, process.exitValue(), output);
            assertTrue(output.contains("SWITCHBOARD_ENCRYPTION_KEY is not set"), output);
            assertTrue(output.contains("openssl rand -base64 32"), output);
        } finally {
            NodePeers.stop(process, 10);
        }
    }
}

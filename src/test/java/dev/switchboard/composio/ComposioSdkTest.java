package dev.switchboard.composio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.support.Api;
import dev.switchboard.support.Api.TestTenant;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The real Composio SDK (@composio/core 0.19.0, from npm) drives the API: see src/test/node/composio-sdk-check.mjs. */
@QuarkusTest
class ComposioSdkTest {

    private static final Path NODE_DIR = Path.of("src/test/node");

    @TestHTTPResource("/")
    URL baseUrl;

    @ConfigProperty(name = "switchboard.public-url")
    String publicUrl;

    @Test
    void theComposioSdkWorksAgainstSwitchboard() throws Exception {
        String output = runCheck(baseUrl, publicUrl, Map.of());
        assertTrue(output.contains("\"passed\":31"), "every SDK step must have run:\n" + output);
    }

    /**
     * Runs the SDK script in a new tenant with toolkits github and slack (slack with a shared token) and answers
     * its output once it exited 0; {@code extraEnv} adds to its environment.
     */
    static String runCheck(URL baseUrl, String publicUrl, Map<String, String> extraEnv) throws Exception {
        TestTenant tenant = Api.newTenant();
        tenant.toolkit("github");
        tenant.toolkit("slack");
        String slackAuth = tenant.authConfig("slack", "BEARER_TOKEN", Map.of("token", "xoxb-1"));

        Path home = Files.createTempDirectory("composio-home");
        ProcessBuilder node = new ProcessBuilder("node", "composio-sdk-check.mjs")
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = node.environment();
        env.keySet().removeIf(name -> name.startsWith("COMPOSIO_"));
        env.put("HOME", home.toString());
        env.put("TELEMETRY_DISABLED", "true");
        env.put("SWITCHBOARD_URL", baseUrl.toString().replaceAll("/$", ""));
        env.put("SWITCHBOARD_PUBLIC_URL", publicUrl);
        env.put("SWITCHBOARD_API_KEY", tenant.adminKey());
        env.put("SWITCHBOARD_AUTH_CONFIG_ID", slackAuth);
        env.putAll(extraEnv);

        Process process = node.start();
        String output = readAll(process);
        Files.writeString(Path.of("target/composio-sdk-check.log"), output);
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "the SDK script did not finish:\n" + output);
        assertEquals(0, process.exitValue(), "the SDK script failed:\n" + output);
        return output;
    }

    private static String readAll(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

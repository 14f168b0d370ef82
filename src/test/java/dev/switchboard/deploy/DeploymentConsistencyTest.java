package dev.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.config.SwitchboardConfig;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.switchboard.deploy.RenderedChart.PROJECT_DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compose stack, the env example, the image and the chart describe the same service. */
class DeploymentConsistencyTest {

    private static final Path DEPLOY_DIR = PROJECT_DIR.resolve("deploy");

    @Test
    void composeEnvExampleAndChartUseExactlyTheContractSettings() throws IOException {
        EnvironmentContract.assertExactlyTheSettings("deploy/compose.yaml", composeEnvironment().keySet());
        EnvironmentContract.assertExactlyTheSettings("deploy/switchboard.env.example", envExample().keySet());
        EnvironmentContract.assertExactlyTheSettings("chart, default values", RenderedChart.defaults().environmentNames());
        EnvironmentContract.assertExactlyTheSettings("chart, production values", RenderedChart.production().environmentNames());
    }

    @Test
    void composeEnvExampleAndChartDefaultToTheServicesGatewayDefaults() throws IOException {
        Map<String, String> compose = composeEnvironment();
        Map<String, String> envExample = envExample();
        Map<String, String> chart = RenderedChart.strings(
                RenderedChart.defaults().named("ConfigMap", RenderedChart.FULLNAME).path("data"));
        int checked = 0;
        for (Method setting : SwitchboardConfig.Gateway.class.getDeclaredMethods()) {
            WithDefault serviceDefault = setting.getAnnotation(WithDefault.class);
            if (serviceDefault == null) {
                continue;
            }
            String name = "SWITCHBOARD_GATEWAY_" + setting.getName().replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
            assertTrue(EnvironmentContract.SETTINGS.contains(name), name + " is in the contract");
            assertEquals(serviceDefault.value(), compose.get(name), "deploy/compose.yaml " + name);
            assertEquals(serviceDefault.value(), envExample.get(name), "deploy/switchboard.env.example " + name);
            assertEquals(serviceDefault.value(), chart.get(name), "chart default " + name);
            checked++;
        }
        assertTrue(checked >= 6, "the gateway settings with a default were found: " + checked);
    }

    @Test
    void composeBuildsSwitchboardFromTheJvmDockerfileAndStartsItsDependenciesFirst() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode switchboard = services.path("switchboard");
        assertEquals("deploy/Dockerfile.jvm", switchboard.path("build").path("dockerfile").asText());
        assertTrue(Files.isRegularFile(DEPLOY_DIR.resolve(switchboard.path("build").path("context").asText())
                .resolve(switchboard.path("build").path("dockerfile").asText())), "Dockerfile exists relative to the build context");
        for (String dependency : new String[] {"postgres", "redis", "keycloak"}) {
            assertEquals("service_healthy", switchboard.path("depends_on").path(dependency).path("condition").asText(), dependency);
        }
        assertTrue(services.path("postgres").path("image").asText().startsWith("postgres:16"));
        assertTrue(services.path("redis").path("image").asText().startsWith("redis:7"));
        assertEquals("quay.io/keycloak/keycloak:26.5", services.path("keycloak").path("image").asText());
        assertTrue(switchboard.path("read_only").asBoolean(), "same read-only root as in Kubernetes");

        Map<String, String> env = composeEnvironment();
        assertEquals("postgres", env.get("SWITCHBOARD_DB_HOST"));
        assertEquals("redis://redis:6379", env.get("SWITCHBOARD_REDIS_URL"));
        assertEquals(32, Base64.getDecoder().decode(env.get("SWITCHBOARD_ENCRYPTION_KEY")).length, "AES-256 key");
    }

    @Test
    void composeKeycloakImportsTheExampleRealmThatSwitchboardTrusts() throws IOException {
        JsonNode keycloak = compose().path("services").path("keycloak");
        List<String> command = new ArrayList<>();
        keycloak.path("command").forEach(part -> command.add(part.asText()));
        assertEquals(List.of("start-dev", "--import-realm"), command);
        String mount = keycloak.path("volumes").get(0).asText();
        assertTrue(mount.startsWith("./keycloak/switchboard-realm.json:/opt/keycloak/data/import/"), mount);

        JsonNode realm = realm();
        Map<String, String> env = composeEnvironment();
        assertTrue(env.get("SWITCHBOARD_OIDC_ISSUER").endsWith("/realms/" + realm.path("realm").asText()));
        assertTrue(client(realm, env.get("SWITCHBOARD_OIDC_CLIENT_ID")) != null, "the OIDC client id exists in the realm");
    }

    @Test
    void realmMapsTenantGroupsAndAudienceIntoAccessTokens() throws IOException {
        JsonNode realm = realm();
        assertEquals("switchboard", realm.path("realm").asText());
        JsonNode cli = client(realm, "switchboard-cli");
        assertTrue(cli.path("publicClient").asBoolean());
        assertTrue(cli.path("standardFlowEnabled").asBoolean());
        assertEquals("S256", cli.path("attributes").path("pkce.code.challenge.method").asText());
        assertFalse(client(realm, "switchboard").path("publicClient").asBoolean(true), "switchboard is confidential");

        // The claims come from the client scope 'switchboard', which MCP clients request and may register with.
        assertTrue(cli.path("defaultClientScopes").toString().contains("\"switchboard\""), "switchboard-cli gets the scope");
        JsonNode scope = null;
        for (JsonNode candidate : realm.path("clientScopes")) {
            if ("switchboard".equals(candidate.path("name").asText())) {
                scope = candidate;
            }
        }
        assertTrue(scope != null, "the realm has the client scope 'switchboard'");
        Map<String, JsonNode> mappers = new HashMap<>();
        scope.path("protocolMappers").forEach(m -> mappers.put(m.path("protocolMapper").asText(), m.path("config")));
        JsonNode tenant = mappers.get("oidc-usermodel-attribute-mapper");
        assertEquals("tenant", tenant.path("user.attribute").asText());
        assertEquals("tenant", tenant.path("claim.name").asText());
        assertEquals("true", tenant.path("access.token.claim").asText());
        JsonNode groups = mappers.get("oidc-group-membership-mapper");
        assertEquals("groups", groups.path("claim.name").asText());
        assertEquals("false", groups.path("full.path").asText());
        assertEquals("true", groups.path("access.token.claim").asText());
        JsonNode audience = mappers.get("oidc-audience-mapper");
        assertEquals("switchboard", audience.path("included.client.audience").asText());
        assertEquals("true", audience.path("access.token.claim").asText());
    }

    @Test
    void realmUsersHaveTheirTenantAndGroupAndOnlyAdminsMayEditTheTenant() throws IOException {
        JsonNode realm = realm();
        Set<String> groups = new TreeSet<>();
        realm.path("groups").forEach(g -> groups.add(g.path("name").asText()));
        assertEquals(Set.of("admin", "member", "platform-admin"), groups);

        Map<String, String> expected = Map.of("alice", "acme /admin", "bob", "acme /member", "carol", "globex /admin",
                "service-account-switchboard-automation", "acme /admin");
        Map<String, String> actual = new HashMap<>();
        for (JsonNode user : realm.path("users")) {
            String name = user.path("username").asText();
            actual.put(name, user.path("attributes").path("tenant").get(0).asText() + " " + user.path("groups").get(0).asText());
            if (user.has("serviceAccountClientId")) {
                continue;
            }
            JsonNode password = user.path("credentials").get(0);
            assertEquals(name, password.path("value").asText());
            assertFalse(password.path("temporary").asBoolean(true));
        }
        assertEquals(expected, actual);

        // Keycloak 24+ drops user attributes its user profile does not declare.
        String profileJson = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider")
                .get(0).path("config").path("kc.user.profile.config").get(0).asText();
        JsonNode tenantAttribute = null;
        for (JsonNode attribute : JsonMapper.builder().build().readTree(profileJson).path("attributes")) {
            if ("tenant".equals(attribute.path("name").asText())) {
                tenantAttribute = attribute;
            }
        }
        assertTrue(tenantAttribute != null, "the user profile declares the tenant attribute");
        assertEquals("[\"admin\"]", tenantAttribute.path("permissions").path("edit").toString());
    }

    @Test
    void imageRunsTheFastJarOnAJreAsTheChartsNonRootUser() throws IOException {
        List<String> instructions = dockerInstructions();
        int finalStage = lastIndexStartingWith(instructions, "FROM ");
        List<String> runtime = instructions.subList(finalStage, instructions.size());

        String base = resolveArgs(runtime.get(0).substring(5).trim(), instructions);
        assertTrue(base.matches(".*(:17-jre.*|openjdk-17-runtime.*)"), "JRE-only final image: " + base);
        assertTrue(runtime.stream().noneMatch(i -> i.contains("mvnw")), "no build tool in the final stage");

        String user = runtime.get(lastIndexStartingWith(runtime, "USER ")).substring(5).trim();
        assertTrue(user.matches("[1-9][0-9]*"), "numeric non-root USER: " + user);
        int chartUser = RenderedChart.defaults().container().path("securityContext").path("runAsUser").asInt();
        assertEquals(Integer.parseInt(user), chartUser, "the chart runs as the image's user");

        List<String> copied = new ArrayList<>();
        for (String instruction : runtime) {
            Matcher copy = Pattern.compile("^COPY --from=\\S+ /build/target/quarkus-app/(\\S+) ").matcher(instruction);
            if (copy.find()) {
                copied.add(copy.group(1).replaceAll("/$", ""));
            }
        }
        assertEquals(Set.of("lib", "app", "quarkus", "quarkus-run.jar"), Set.copyOf(copied));
        assertTrue(runtime.contains("EXPOSE 8080"));
        String entrypoint = runtime.get(lastIndexStartingWith(runtime, "ENTRYPOINT "));
        assertTrue(entrypoint.matches(".*exec java \\$\\{JAVA_OPTS} -jar \\S*quarkus-run\\.jar.*"), entrypoint);
        assertTrue(instructions.stream().anyMatch(i -> i.startsWith("RUN ") && i.contains("./mvnw") && i.contains("package")
                && i.contains("-DskipTests")), "the build stage packages with the Maven wrapper");
    }

    @Test
    void composeLetsStreamsFinishBeforeStopping() throws IOException {
        String grace = compose().path("services").path("switchboard").path("stop_grace_period").asText();
        String timeout = composeEnvironment().get("SWITCHBOARD_SHUTDOWN_TIMEOUT");
        assertTrue(grace.matches("\\d+s") && timeout.matches("\\d+s"), grace + " / " + timeout);
        assertTrue(Integer.parseInt(grace.replace("s", "")) > Integer.parseInt(timeout.replace("s", "")));
    }

    private static JsonNode compose() throws IOException {
        return RenderedChart.YAML.readTree(DEPLOY_DIR.resolve("compose.yaml").toFile());
    }

    /** The switchboard service's environment, in either of compose's two forms (map or KEY=value list). */
    private static Map<String, String> composeEnvironment() throws IOException {
        JsonNode environment = compose().path("services").path("switchboard").path("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment.isArray()) {
            environment.forEach(entry -> {
                String[] keyValue = entry.asText().split("=", 2);
                env.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
            });
        } else {
            environment.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        return env;
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DEPLOY_DIR.resolve("switchboard.env.example"))) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            assertTrue(trimmed.matches("[A-Z][A-Z0-9_]*=.*"), "docker --env-file line: " + line);
            String[] keyValue = trimmed.split("=", 2);
            assertFalse(env.containsKey(keyValue[0]), "duplicate " + keyValue[0]);
            env.put(keyValue[0], keyValue[1]);
        }
        return env;
    }

    private static JsonNode realm() throws IOException {
        return JsonMapper.builder().build().readTree(DEPLOY_DIR.resolve("keycloak/switchboard-realm.json").toFile());
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return client;
            }
        }
        return null;
    }

    /** Dockerfile instructions with line continuations joined and comments dropped. */
    private static List<String> dockerInstructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DEPLOY_DIR.resolve("Dockerfile.jvm"))) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            instructions.add(current.toString().replaceAll("\\s+", " ").trim());
            current.setLength(0);
        }
        return instructions;
    }

    private static int lastIndexStartingWith(List<String> instructions, String keyword) {
        for (int i = instructions.size() - 1; i >= 0; i--) {
            if (instructions.get(i).startsWith(keyword)) {
                return i;
            }
        }
        throw new AssertionError("no " + keyword.trim() + " instruction");
    }

    /** Replaces ${NAME} with the default of a global ARG NAME=default. */
    private static String resolveArgs(String value, List<String> instructions) {
        String resolved = value;
        for (String instruction : instructions) {
            Matcher arg = Pattern.compile("^ARG (\\w+)=(\\S+)$").matcher(instruction);
            if (arg.matches()) {
                resolved = resolved.replace("${" + arg.group(1) + "}", arg.group(2));
            }
        }
        return resolved;
    }
}

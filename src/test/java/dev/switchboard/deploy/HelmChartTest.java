package dev.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.switchboard.deploy.RenderedChart.FULLNAME;
import static dev.switchboard.deploy.RenderedChart.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelmChartTest {

    private static final Set<String> OPTIONAL_KINDS = Set.of(
            "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor", "Ingress");

    static Stream<RenderedChart> renders() {
        return Stream.of(RenderedChart.defaults(), RenderedChart.production());
    }

    @Test
    void strictLintReportsNoFailure() {
        LintResult lint = new Helm(RenderedChart.CHART_DIR).lint().strict().call();
        assertFalse(lint.isFailed(), () -> String.join("\n", lint.getMessages()));
    }

    @Test
    void defaultValuesRenderOnlyTheCoreResources() {
        assertEquals(Set.of("ConfigMap", "Deployment", "Secret", "Service", "ServiceAccount"),
                RenderedChart.defaults().kinds());
    }

    @Test
    void productionValuesRenderEveryOptionalResourceAndNoSecret() {
        Set<String> kinds = RenderedChart.production().kinds();
        assertTrue(kinds.containsAll(OPTIONAL_KINDS), () -> "rendered: " + kinds);
        assertFalse(kinds.contains("Secret"), "existingSecret is set, so the chart must not render a Secret");
    }

    @ParameterizedTest
    @MethodSource("renders")
    void probesUseTheQuarkusHealthEndpointsOnTheHttpPort(RenderedChart chart) {
        JsonNode container = chart.container();
        assertEquals("/q/health/started", container.path("startupProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            assertEquals("http", container.path(probe).path("httpGet").path("port").asText(), probe);
        }
        JsonNode port = container.path("ports").get(0);
        assertEquals("http", port.path("name").asText());
        assertEquals(8080, port.path("containerPort").asInt());
    }

    @ParameterizedTest
    @MethodSource("renders")
    void podRunsUnderTheRestrictedSecurityProfile(RenderedChart chart) {
        JsonNode pod = chart.podSpec().path("securityContext");
        assertTrue(pod.path("runAsNonRoot").asBoolean(), "pod runAsNonRoot");
        assertEquals("RuntimeDefault", pod.path("seccompProfile").path("type").asText());

        JsonNode container = chart.container().path("securityContext");
        assertTrue(container.path("runAsNonRoot").asBoolean(), "container runAsNonRoot");
        assertTrue(container.path("runAsUser").asInt() > 0, "container runAsUser is not root");
        assertTrue(container.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem");
        assertFalse(container.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation");
        assertEquals("ALL", container.path("capabilities").path("drop").get(0).asText());
        assertEquals("RuntimeDefault", container.path("seccompProfile").path("type").asText());
        assertFalse(chart.podSpec().path("automountServiceAccountToken").asBoolean(true));
    }

    @ParameterizedTest
    @MethodSource("renders")
    void tmpIsTheOnlyWritableMountAndIsAnEmptyDir(RenderedChart chart) {
        JsonNode mounts = chart.container().path("volumeMounts");
        assertEquals(1, mounts.size(), "only /tmp is mounted: " + mounts);
        assertEquals("/tmp", mounts.get(0).path("mountPath").asText());
        String volumeName = mounts.get(0).path("name").asText();
        JsonNode volume = null;
        for (JsonNode candidate : chart.podSpec().path("volumes")) {
            if (volumeName.equals(candidate.path("name").asText())) {
                volume = candidate;
            }
        }
        assertTrue(volume != null && volume.has("emptyDir"), "/tmp comes from an emptyDir: " + volume);
    }

    @ParameterizedTest
    @MethodSource("renders")
    void everySettingReachesTheContainerSecretsOnlyThroughSecretKeyRefs(RenderedChart chart) {
        EnvironmentContract.assertExactlyTheSettings(chart.toString(), chart.environmentNames());

        Map<String, String> configMap = strings(chart.named("ConfigMap", FULLNAME).path("data"));
        for (String secret : EnvironmentContract.SECRETS) {
            assertFalse(configMap.containsKey(secret), secret + " must not be in the ConfigMap");
            assertTrue(chart.env(secret).path("valueFrom").has("secretKeyRef"), secret + " comes from a Secret");
        }
        assertEquals(FULLNAME, chart.container().path("envFrom").get(0).path("configMapRef").path("name").asText());
    }

    @Test
    void gatewaySettingsReachTheConfigMap() {
        Map<String, String> defaults = strings(RenderedChart.defaults().named("ConfigMap", FULLNAME).path("data"));
        assertEquals("PT10S", defaults.get("SWITCHBOARD_GATEWAY_UPSTREAM_TIMEOUT"));
        assertEquals("PT4S", defaults.get("SWITCHBOARD_GATEWAY_UPSTREAM_IDLE_TIMEOUT"));
        assertEquals("PT15S", defaults.get("SWITCHBOARD_GATEWAY_KEEP_ALIVE_INTERVAL"));
        assertEquals("PT24H", defaults.get("SWITCHBOARD_GATEWAY_SESSION_LIFETIME"));
        assertEquals("PT5M", defaults.get("SWITCHBOARD_GATEWAY_INPUT_REQUIRED_TIMEOUT"));
        assertEquals("PT5M", defaults.get("SWITCHBOARD_GATEWAY_POOLED_SESSION_IDLE_TIMEOUT"));
        assertEquals("10000", defaults.get("SWITCHBOARD_GATEWAY_POOLED_SESSION_LIMIT"));
        assertEquals("1000", defaults.get("SWITCHBOARD_GATEWAY_LIST_PAGE_SIZE"));
        assertEquals("16M", defaults.get("SWITCHBOARD_GATEWAY_MAX_UPSTREAM_MESSAGE"));

        Map<String, String> set = strings(RenderedChart.withSet(
                "gateway.upstreamIdleTimeout", "PT2.5S",
                "gateway.keepAliveInterval", "PT30S",
                "gateway.sessionLifetime", "PT8H",
                "gateway.listPageSize", "250",
                "gateway.maxUpstreamMessage", "64M").named("ConfigMap", FULLNAME).path("data"));
        assertEquals("PT2.5S", set.get("SWITCHBOARD_GATEWAY_UPSTREAM_IDLE_TIMEOUT"));
        assertEquals("PT30S", set.get("SWITCHBOARD_GATEWAY_KEEP_ALIVE_INTERVAL"));
        assertEquals("PT8H", set.get("SWITCHBOARD_GATEWAY_SESSION_LIFETIME"));
        assertEquals("250", set.get("SWITCHBOARD_GATEWAY_LIST_PAGE_SIZE"));
        assertEquals("64M", set.get("SWITCHBOARD_GATEWAY_MAX_UPSTREAM_MESSAGE"));
    }

    @Test
    void largeListPageSizeFromAValuesFileStaysAPlainInteger() {
        // Helm reads numbers in values files as floats, which would print as 1e+06.
        JsonNode data = RenderedChart.withValues("gateway:\n  listPageSize: 1000000\n").named("ConfigMap", FULLNAME).path("data");
        assertEquals("1000000", data.path("SWITCHBOARD_GATEWAY_LIST_PAGE_SIZE").asText());
    }

    @Test
    void chartSecretHoldsTheKeysTheDeploymentReferences() {
        RenderedChart chart = RenderedChart.withSet(
                "postgresql.password", "pg-secret",
                "encryption.key", "YcGJZTu9pD4Fqj3U9BFaF/v4BVK2/cwwDxpmZGdpeSs=",
                "bootstrap.apiKey", "sb_bootstrap");
        JsonNode secret = chart.single("Secret");
        for (String setting : EnvironmentContract.SECRETS) {
            JsonNode ref = chart.env(setting).path("valueFrom").path("secretKeyRef");
            assertEquals(secret.path("metadata").path("name").asText(), ref.path("name").asText(), setting);
            assertTrue(secret.path("data").has(ref.path("key").asText()), setting + " key is in the Secret");
        }
        String encoded = secret.path("data").path("encryption-key").asText();
        assertEquals("YcGJZTu9pD4Fqj3U9BFaF/v4BVK2/cwwDxpmZGdpeSs=",
                new String(Base64.getDecoder().decode(encoded)));
    }

    @Test
    void existingSecretIsReferencedWithConfigurableKeyNames() {
        RenderedChart production = RenderedChart.production();
        for (String setting : EnvironmentContract.SECRETS) {
            assertEquals("switchboard-secrets",
                    production.env(setting).path("valueFrom").path("secretKeyRef").path("name").asText(), setting);
        }
        RenderedChart renamed = RenderedChart.withSet("existingSecret", "vault-synced", "secretKeys.dbPassword", "pg-pass");
        assertFalse(renamed.has("Secret"));
        JsonNode ref = renamed.env("SWITCHBOARD_DB_PASSWORD").path("valueFrom").path("secretKeyRef");
        assertEquals("vault-synced", ref.path("name").asText());
        assertEquals("pg-pass", ref.path("key").asText());
        assertTrue(renamed.env("SWITCHBOARD_BOOTSTRAP_API_KEY").path("valueFrom").path("secretKeyRef")
                .path("optional").asBoolean(), "the bootstrap API key may be absent from the Secret");
    }

    @ParameterizedTest
    @MethodSource("renders")
    void selectorsMatchTheServerPods(RenderedChart chart) {
        Map<String, String> podLabels = strings(chart.deployment().path("spec").path("template").path("metadata").path("labels"));
        Map<String, String> deploymentSelector = strings(chart.deployment().path("spec").path("selector").path("matchLabels"));
        Map<String, String> serviceSelector = strings(chart.single("Service").path("spec").path("selector"));

        assertFalse(deploymentSelector.isEmpty());
        assertTrue(podLabels.entrySet().containsAll(deploymentSelector.entrySet()), "Deployment selector matches its pods");
        assertEquals(deploymentSelector, serviceSelector, "Service selects the Deployment's pods");
        for (String label : new String[] {"app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
                "app.kubernetes.io/component", "app.kubernetes.io/managed-by", "helm.sh/chart"}) {
            assertTrue(podLabels.containsKey(label), "standard label " + label);
        }
        for (String kind : new String[] {"PodDisruptionBudget", "ServiceMonitor"}) {
            if (chart.has(kind)) {
                assertEquals(deploymentSelector, strings(chart.single(kind).path("spec").path("selector").path("matchLabels")), kind);
            }
        }
        if (chart.has("NetworkPolicy")) {
            assertEquals(deploymentSelector,
                    strings(chart.single("NetworkPolicy").path("spec").path("podSelector").path("matchLabels")));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "replicaCount, 1, false",
        "replicaCount, 2, true",
        "autoscaling.enabled, true, true",
    })
    void pdbIsRenderedAutomaticallyWhenMoreThanOnePodRuns(String key, String value, boolean expected) {
        assertEquals(expected, RenderedChart.withSet(key, value).has("PodDisruptionBudget"));
    }

    @Test
    void pdbCanBeSwitchedOffExplicitly() {
        assertFalse(RenderedChart.withSet("replicaCount", "3", "podDisruptionBudget.enabled", "false").has("PodDisruptionBudget"));
    }

    @Test
    void hpaScalesTheDeploymentWhichThenLeavesReplicasUnset() {
        RenderedChart production = RenderedChart.production();
        JsonNode hpa = production.single("HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        assertEquals(FULLNAME, hpa.path("spec").path("scaleTargetRef").path("name").asText());
        assertFalse(production.deployment().path("spec").has("replicas"));
        assertEquals(1, RenderedChart.defaults().deployment().path("spec").path("replicas").asInt());
    }

    @Test
    void ingressKeepsSseStreamsUnbufferedAndOpen() {
        JsonNode ingress = RenderedChart.production().single("Ingress");
        Map<String, String> annotations = strings(ingress.path("metadata").path("annotations"));
        assertEquals("off", annotations.get("nginx.ingress.kubernetes.io/proxy-buffering"));
        assertEquals("off", annotations.get("nginx.ingress.kubernetes.io/proxy-request-buffering"));
        assertEquals("3600", annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout"));
        assertEquals("3600", annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout"));
        Duration keepAlive = Duration.parse(RenderedChart.production().named("ConfigMap", FULLNAME).path("data")
                .path("SWITCHBOARD_GATEWAY_KEEP_ALIVE_INTERVAL").asText());
        assertTrue(keepAlive.toSeconds() < Long.parseLong(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout")),
                "a silent stream gets a keep-alive comment before the ingress read timeout closes it");
        assertEquals("letsencrypt", annotations.get("cert-manager.io/cluster-issuer"), "user annotations are kept");
        assertEquals("nginx", ingress.path("spec").path("ingressClassName").asText());
        assertEquals("switchboard.example.com", ingress.path("spec").path("tls").get(0).path("hosts").get(0).asText());
        assertEquals("http", ingress.path("spec").path("rules").get(0).path("http").path("paths").get(0)
                .path("backend").path("service").path("port").path("name").asText());
    }

    @Test
    void networkPolicyAllowsTheDependenciesAndCanOpenAllEgress() {
        JsonNode policy = RenderedChart.production().single("NetworkPolicy").path("spec");
        Set<String> egressPorts = new HashSet<>();
        policy.path("egress").forEach(rule -> rule.path("ports")
                .forEach(p -> egressPorts.add(p.path("port").asText() + "/" + p.path("protocol").asText())));
        assertEquals(Set.of("53/UDP", "53/TCP", "5432/TCP", "6380/TCP", "443/TCP", "4317/TCP"), egressPorts,
                "DNS, PostgreSQL, Redis, IdP and upstreams, OTLP");
        assertEquals("http", policy.path("ingress").get(0).path("ports").get(0).path("port").asText());

        JsonNode open = RenderedChart.withSet("networkPolicy.enabled", "true", "networkPolicy.egress.allowAll", "true")
                .single("NetworkPolicy").path("spec").path("egress");
        assertEquals(1, open.size());
        assertTrue(open.get(0).isEmpty(), "allowAll renders one empty egress rule: " + open);
    }

    @Test
    void serviceMonitorScrapesQuarkusMetrics() {
        JsonNode monitor = RenderedChart.production().single("ServiceMonitor");
        assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("http", endpoint.path("port").asText());
    }

    @Test
    void configChangesChangeThePodTemplateChecksum() {
        String checksum = checksum(RenderedChart.defaults(), "checksum/config");
        assertTrue(checksum.matches("[0-9a-f]{64}"), checksum);
        assertNotEquals(checksum, checksum(RenderedChart.withSet("redis.url", "redis://other:6379"), "checksum/config"));
        assertEquals(checksum, checksum(RenderedChart.withSet("replicaCount", "1"), "checksum/config"));
        assertTrue(checksum(RenderedChart.defaults(), "checksum/secret").matches("[0-9a-f]{64}"));
    }

    @Test
    void gracePeriodOutlastsPreStopSleepPlusShutdownTimeout() {
        for (RenderedChart chart : renders().toList()) {
            JsonNode preStop = chart.container().path("lifecycle").path("preStop").path("exec").path("command");
            assertEquals("sleep", preStop.get(0).asText());
            int sleep = preStop.get(1).asInt();
            String timeout = chart.named("ConfigMap", FULLNAME).path("data").path("SWITCHBOARD_SHUTDOWN_TIMEOUT").asText();
            assertTrue(timeout.matches("\\d+s"), timeout);
            int timeoutSeconds = Integer.parseInt(timeout.substring(0, timeout.length() - 1));
            assertTrue(sleep > 0, "preStop sleeps so endpoints are removed before shutdown");
            assertTrue(chart.podSpec().path("terminationGracePeriodSeconds").asInt() > sleep + timeoutSeconds);
        }
    }

    @Test
    void helmTestPodChecksReadinessThroughTheService() {
        JsonNode pod = RenderedChart.renderTemplateFile("tests/test-connection.yaml");
        assertEquals("Pod", pod.path("kind").asText());
        assertEquals("test", pod.path("metadata").path("annotations").path("helm.sh/hook").asText());
        StringBuilder joined = new StringBuilder();
        pod.path("spec").path("containers").get(0).path("command").forEach(part -> joined.append(part.asText()).append(' '));
        assertTrue(joined.toString().contains("http://" + FULLNAME + ":8080/q/health/ready"), joined.toString());

        Map<String, String> testLabels = strings(pod.path("metadata").path("labels"));
        Map<String, String> serverSelector = strings(RenderedChart.defaults().single("Service").path("spec").path("selector"));
        assertFalse(testLabels.entrySet().containsAll(serverSelector.entrySet()), "the Service must not select the test pod");

        boolean admitted = false;
        for (JsonNode peer : RenderedChart.production().single("NetworkPolicy").path("spec").path("ingress").get(0).path("from")) {
            Map<String, String> selector = strings(peer.path("podSelector").path("matchLabels"));
            admitted |= !peer.has("namespaceSelector") && !selector.isEmpty()
                    && testLabels.entrySet().containsAll(selector.entrySet());
        }
        assertTrue(admitted, "the NetworkPolicy lets the test pod reach the server");
    }

    @ParameterizedTest
    @CsvSource({
        "replicaCount, three, /replicaCount",
        "image.pullPolicy, Sometimes, /image/pullPolicy",
        "podDisruptionBudget.enabled, maybe, /podDisruptionBudget/enabled",
        "sessions.ttl, 24h, /sessions/ttl",
        "gateway.upstreamIdleTimeout, 4s, /gateway/upstreamIdleTimeout",
        "gateway.keepAliveInterval, 15, /gateway/keepAliveInterval",
        "gateway.sessionLifetime, 1d, /gateway/sessionLifetime",
        "gateway.listPageSize, 0, /gateway/listPageSize",
        "gateway.maxUpstreamMessage, 16MB, /gateway/maxUpstreamMessage",
        "encryption.key, not-a-32-byte-key, /encryption/key",
    })
    void schemaRejectsInvalidValues(String key, String value, String path) {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> RenderedChart.withSet(key, value));
        assertTrue(error.getMessage().contains(path), error.getMessage());
    }

    @Test
    void schemaRequiresAnIssuerWhenOidcIsEnabled() {
        assertThrows(IllegalStateException.class, () -> RenderedChart.withSet("oidc.enabled", "true"));
        RenderedChart chart = RenderedChart.withSet("oidc.enabled", "true", "oidc.issuer", "https://sso.example.com/realms/x");
        assertEquals("true", chart.named("ConfigMap", FULLNAME).path("data").path("SWITCHBOARD_OIDC_ENABLED").asText());
    }

    private static String checksum(RenderedChart chart, String annotation) {
        return chart.deployment().path("spec").path("template").path("metadata").path("annotations").path(annotation).asText();
    }
}

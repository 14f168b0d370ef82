package dev.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Switchboard chart rendered by {@code helm template} (helm-java), parsed into one node per manifest. */
final class RenderedChart {

    static final Path PROJECT_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path CHART_DIR = PROJECT_DIR.resolve("helm/switchboard");
    static final Path PRODUCTION_VALUES = CHART_DIR.resolve("ci/production-values.yaml");
    static final String RELEASE = "sb";
    static final String NAMESPACE = "switchboard";
    static final String FULLNAME = "sb-switchboard";
    // helm-java's default capabilities say Kubernetes 1.20, below the chart's kubeVersion constraint.
    static final String KUBE_VERSION = "1.31.0";
    static final YAMLMapper YAML = new YAMLMapper();

    private static RenderedChart defaults;
    private static RenderedChart production;

    private final String description;
    private final List<JsonNode> manifests;

    private RenderedChart(String description, List<JsonNode> manifests) {
        this.description = description;
        this.manifests = manifests;
    }

    static synchronized RenderedChart defaults() {
        if (defaults == null) {
            defaults = render(CHART_DIR, null, Map.of());
        }
        return defaults;
    }

    static synchronized RenderedChart production() {
        if (production == null) {
            production = render(CHART_DIR, PRODUCTION_VALUES, Map.of());
        }
        return production;
    }

    /** Renders with default values plus {@code --set} pairs (in order). */
    static RenderedChart withSet(String... keysAndValues) {
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            sets.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return render(CHART_DIR, null, sets);
    }

    /** Renders with default values plus a values file holding {@code valuesYaml} (as {@code -f} would). */
    static RenderedChart withValues(String valuesYaml) {
        try {
            Path values = Files.createTempFile("switchboard-values", ".yaml");
            try {
                Files.writeString(values, valuesYaml);
                return render(CHART_DIR, values, Map.of());
            } finally {
                Files.delete(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders one template file, hooks included. helm-java returns only the release manifest, without
     * hooks (the helm test pod), so this renders a copy of the chart with an extra ConfigMap that holds
     * the template's output as a string.
     */
    static JsonNode renderTemplateFile(String templatePath) {
        Path copy = copyChart();
        try {
            Files.writeString(copy.resolve("templates/zz-render-probe.yaml"), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: render-probe
                    data:
                      rendered: {{ include (print $.Template.BasePath "/%s") . | quote }}
                    """.formatted(templatePath));
            JsonNode probe = render(copy, null, Map.of()).named("ConfigMap", "render-probe");
            return YAML.readTree(probe.path("data").path("rendered").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(copy);
        }
    }

    private static RenderedChart render(Path chart, Path valuesFile, Map<String, String> sets) {
        TemplateCommand template = new Helm(chart).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        String description = (valuesFile == null ? "default values" : valuesFile.getFileName().toString())
                + (sets.isEmpty() ? "" : " with " + sets);
        return new RenderedChart(description, parse(template.call()));
    }

    private static List<JsonNode> parse(String multiDocumentYaml) {
        List<JsonNode> manifests = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(multiDocumentYaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.hasNonNull("kind")) {
                    manifests.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return manifests;
    }

    @Override
    public String toString() {
        return description;
    }

    Set<String> kinds() {
        Set<String> kinds = new TreeSet<>();
        manifests.forEach(m -> kinds.add(m.path("kind").asText()));
        return kinds;
    }

    List<JsonNode> all(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
    }

    boolean has(String kind) {
        return !all(kind).isEmpty();
    }

    JsonNode single(String kind) {
        List<JsonNode> found = all(kind);
        assertEquals(1, found.size(), () -> "expected exactly one " + kind + " but found " + found.size());
        return found.get(0);
    }

    JsonNode named(String kind, String name) {
        return all(kind).stream()
                .filter(m -> name.equals(m.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + kinds()));
    }

    JsonNode deployment() {
        return single("Deployment");
    }

    JsonNode podSpec() {
        return deployment().path("spec").path("template").path("spec");
    }

    JsonNode container() {
        JsonNode containers = podSpec().path("containers");
        assertEquals(1, containers.size(), "the pod runs one container");
        return containers.get(0);
    }

    /** Environment variable names the container gets, from its ConfigMap (envFrom) and its env list. */
    Set<String> environmentNames() {
        Set<String> names = new TreeSet<>();
        for (JsonNode source : container().path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText(null);
            assertTrue(configMap != null, "envFrom uses ConfigMaps only: " + source);
            named("ConfigMap", configMap).path("data").properties().forEach(e -> names.add(e.getKey()));
        }
        container().path("env").forEach(env -> names.add(env.path("name").asText()));
        return names;
    }

    /** The container's env entry of that name, failing if it is missing. */
    JsonNode env(String name) {
        for (JsonNode env : container().path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env;
            }
        }
        throw new AssertionError("no env entry " + name);
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static Path copyChart() {
        try {
            Path target = Files.createTempDirectory("switchboard-chart");
            try (Stream<Path> files = Files.walk(CHART_DIR)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path destination = target.resolve(CHART_DIR.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(source, destination);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

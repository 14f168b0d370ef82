package dev.switchboard.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Settings whose Switchboard env var means the opposite of the Quarkus property it drives
 * ({@code SWITCHBOARD_OTEL_ENABLED=true} is {@code quarkus.otel.sdk.disabled=false}), which a property
 * expression cannot say. It ranks above application.properties and below real env vars and system
 * properties, so {@code QUARKUS_OTEL_SDK_DISABLED} still wins when set.
 */
public class SwitchboardEnvConfigSource implements ConfigSource {

    private static final String OTEL_DISABLED = "quarkus.otel.sdk.disabled";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(OTEL_DISABLED);
    }

    @Override
    public String getValue(String propertyName) {
        if (!OTEL_DISABLED.equals(propertyName)) {
            return null;
        }
        String enabled = firstSet(System.getProperty("switchboard.otel.enabled"), System.getenv("SWITCHBOARD_OTEL_ENABLED"));
        return String.valueOf(!Boolean.parseBoolean(enabled));
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(OTEL_DISABLED, getValue(OTEL_DISABLED));
    }

    @Override
    public int getOrdinal() {
        return 275;
    }

    @Override
    public String getName() {
        return "switchboard-env";
    }

    private static String firstSet(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}

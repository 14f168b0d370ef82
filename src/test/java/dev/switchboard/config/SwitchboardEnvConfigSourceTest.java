package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwitchboardEnvConfigSourceTest {

    private final SwitchboardEnvConfigSource source = new SwitchboardEnvConfigSource();

    @AfterEach
    void clear() {
        System.clearProperty("switchboard.otel.enabled");
    }

    @Test
    void tracingIsOffUnlessEnabled() {
        assertEquals("true", source.getValue("quarkus.otel.sdk.disabled"));
        System.setProperty("switchboard.otel.enabled", "true");
        assertEquals("false", source.getValue("quarkus.otel.sdk.disabled"));
    }

    @Test
    void answersOnlyForItsOwnProperties() {
        assertNull(source.getValue("quarkus.http.port"));
    }
}

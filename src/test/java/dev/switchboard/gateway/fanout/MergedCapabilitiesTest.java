package dev.switchboard.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.upstream.UpstreamSession;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MergedCapabilitiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static UpstreamSession session(String... capabilities) {
        return new UpstreamSession("sid", "2025-11-25", Set.of(capabilities));
    }

    @Test
    void toolsAreDeclaredEvenWithoutUpstreams() {
        assertEquals(json("{\"tools\":{\"listChanged\":true}}"), MergedCapabilities.of(List.of()));
    }

    @Test
    void upstreamsWithoutCapabilitiesAddNothing() {
        List<UpstreamSession> sessions = List.of(new UpstreamSession(null, "2025-06-18", null), session());

        assertEquals(json("{\"tools\":{\"listChanged\":true}}"), MergedCapabilities.of(sessions));
    }

    @Test
    void aCapabilityOfOneUpstreamIsDeclared() {
        assertEquals(json("{\"tools\":{\"listChanged\":true},\"prompts\":{\"listChanged\":true}}"),
                MergedCapabilities.of(List.of(session("tools"), session("prompts"))));
    }

    @Test
    void resourcesAreDeclaredWithoutSubscribeWhenNoUpstreamSubscribes() {
        assertEquals(json("{\"tools\":{\"listChanged\":true},\"resources\":{\"listChanged\":true,\"subscribe\":false}}"),
                MergedCapabilities.of(List.of(session("resources"))));
    }

    @Test
    void resourcesAreDeclaredWithSubscribeWhenOneUpstreamSubscribes() {
        assertEquals(json("{\"tools\":{\"listChanged\":true},\"resources\":{\"listChanged\":true,\"subscribe\":true}}"),
                MergedCapabilities.of(List.of(session("resources"), session("resources", "resources.subscribe"))));
    }

    @Test
    void subscribeAloneDoesNotDeclareResources() {
        assertEquals(json("{\"tools\":{\"listChanged\":true}}"), MergedCapabilities.of(List.of(session("resources.subscribe"))));
    }

    @Test
    void loggingAndCompletionsAreDeclaredAsEmptyObjects() {
        assertEquals(json("{\"tools\":{\"listChanged\":true},\"logging\":{},\"completions\":{}}"),
                MergedCapabilities.of(List.of(session("logging"), session("completions"))));
    }

    @Test
    void everyCapabilityOfEveryUpstreamIsMerged() {
        List<UpstreamSession> sessions = List.of(
                session("tools", "logging"),
                session("prompts", "completions"),
                session("resources", "resources.subscribe"),
                session("sampling", "unknown"));

        assertEquals(json("{\"tools\":{\"listChanged\":true},\"prompts\":{\"listChanged\":true},"
                + "\"resources\":{\"listChanged\":true,\"subscribe\":true},\"logging\":{},\"completions\":{}}"),
                MergedCapabilities.of(sessions));
    }
}

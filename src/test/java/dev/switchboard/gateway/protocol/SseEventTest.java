package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SseEventTest {

    private static List<SseEvent> decode(String stream) {
        List<SseEvent> decoded = new ArrayList<>();
        new SseDecoder(Integer.MAX_VALUE, decoded::add).feed(stream.getBytes(StandardCharsets.UTF_8));
        return decoded;
    }

    @Test
    void formatsAMessageAsOneDataLineAndABlankLine() {
        assertEquals("data: {\"jsonrpc\":\"2.0\"}\n\n", SseEvent.message("{\"jsonrpc\":\"2.0\"}").format());
    }

    @Test
    void formatsEveryFieldThenTheData() {
        assertEquals("id: 1\nevent: message\nretry: 3000\ndata: x\n\n", new SseEvent("1", "message", "x", "3000").format());
    }

    @Test
    void formatsEachLineOfTheDataAsItsOwnDataLine() {
        assertEquals("data: a\ndata: \ndata: b\n\n", SseEvent.message("a\n\nb").format());
    }

    @Test
    void formatsAPrimingEventWithAnEmptyDataLine() {
        assertEquals("id: p\ndata: \n\n", new SseEvent("p", null, "", null).format());
    }

    static Stream<SseEvent> events() {
        return Stream.of(
                SseEvent.message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"),
                new SseEvent("slug/42", "message", "{}", "2500"),
                new SseEvent(null, null, "first\nsecond\nthird", "100"),
                new SseEvent("a:b", null, "\nleading and trailing empty lines\n", null),
                new SseEvent("p", null, "", null),
                SseEvent.message(""),
                SseEvent.message(" leading space"),
                SseEvent.message("data: looks like a field"),
                SseEvent.message(": looks like a comment"),
                SseEvent.message("é € 😀"),
                new SseEvent("", "", "x", ""));
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsThroughTheDecoder(SseEvent event) {
        assertEquals(List.of(event), decode(event.format()));
    }

    @Test
    void consecutiveFormattedEventsDecodeAsTheSameSequence() {
        List<SseEvent> all = events().toList();
        StringBuilder stream = new StringBuilder();
        all.forEach(event -> stream.append(event.format()));

        assertEquals(all, decode(stream.toString()));
    }
}

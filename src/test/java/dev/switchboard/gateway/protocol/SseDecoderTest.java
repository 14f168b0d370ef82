package dev.switchboard.gateway.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseDecoderTest {

    private static final int NO_LIMIT = Integer.MAX_VALUE;

    private final List<SseEvent> events = new ArrayList<>();

    private SseDecoder decoder(int maxEventBytes) {
        return new SseDecoder(maxEventBytes, events::add);
    }

    private List<SseEvent> decode(String... chunks) {
        SseDecoder decoder = decoder(NO_LIMIT);
        for (String chunk : chunks) {
            decoder.feed(chunk.getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    private static List<SseEvent> decodeByteByByte(byte[] stream) {
        List<SseEvent> decoded = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(NO_LIMIT, decoded::add);
        for (byte b : stream) {
            decoder.feed(new byte[] {b});
        }
        return decoded;
    }

    private static List<SseEvent> decodeInTwo(byte[] stream, int cut) {
        List<SseEvent> decoded = new ArrayList<>();
        SseDecoder decoder = new SseDecoder(NO_LIMIT, decoded::add);
        decoder.feed(Arrays.copyOfRange(stream, 0, cut));
        decoder.feed(Arrays.copyOfRange(stream, cut, stream.length));
        return decoded;
    }

    @Test
    void decodesAnEventWithEveryField() {
        decode("id: 7\nevent: message\nretry: 1500\ndata: {\"jsonrpc\":\"2.0\"}\n\n");

        assertEquals(List.of(new SseEvent("7", "message", "{\"jsonrpc\":\"2.0\"}", "1500")), events);
    }

    @Test
    void fieldsNotSentAreNull() {
        decode("data: x\n\n");

        assertEquals(List.of(new SseEvent(null, null, "x", null)), events);
    }

    @Test
    void dispatchesOnlyAtTheBlankLine() {
        SseDecoder decoder = decoder(NO_LIMIT);

        decoder.feed("data: a\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(events.isEmpty());

        decoder.feed("\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(SseEvent.message("a")), events);
    }

    @Test
    void fieldsDoNotCarryOverToTheNextEvent() {
        decode("id: 1\nevent: custom\nretry: 5\ndata: first\n\ndata: second\n\n");

        assertEquals(List.of(new SseEvent("1", "custom", "first", "5"), SseEvent.message("second")), events);
    }

    @Test
    void givesTheSameEventsWhateverTheChunkBoundaries() {
        byte[] stream = ("id: 1\r\nevent: message\r\ndata: {\"a\":\"é€😀\"}\r\ndata: line two\r\n\r\n"
                + ": keep-alive\n\nid: 2\ndata:\n\nretry: 10\rdata: last\r\r").getBytes(StandardCharsets.UTF_8);
        List<SseEvent> expected = List.of(
                new SseEvent("1", "message", "{\"a\":\"é€😀\"}\nline two", null),
                new SseEvent("2", null, "", null),
                new SseEvent(null, null, "last", "10"));

        assertEquals(expected, decodeByteByByte(stream));
        for (int cut = 0; cut <= stream.length; cut++) {
            assertEquals(expected, decodeInTwo(stream, cut), "cut at byte " + cut);
        }
    }

    @Test
    void decodesAMultiByteCharacterSplitAcrossChunks() {
        byte[] stream = "data: €😀\n\n".getBytes(StandardCharsets.UTF_8);
        // "data: " is 6 bytes; '€' is bytes 6..8, the emoji bytes 9..12: cut inside each of them
        SseDecoder decoder = decoder(NO_LIMIT);
        decoder.feed(Arrays.copyOfRange(stream, 0, 7));
        decoder.feed(Arrays.copyOfRange(stream, 7, 11));
        decoder.feed(Arrays.copyOfRange(stream, 11, stream.length));

        assertEquals(List.of(SseEvent.message("€😀")), events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void acceptsEachLineEnding(String eol) {
        decode("id: 3" + eol + "data: a" + eol + "data: b" + eol + eol + "data: c" + eol + eol);

        assertEquals(List.of(new SseEvent("3", null, "a\nb", null), SseEvent.message("c")), events);
    }

    @Test
    void acceptsMixedLineEndings() {
        decode("data: a\r\ndata: b\rdata: c\n\r\n");

        assertEquals(List.of(SseEvent.message("a\nb\nc")), events);
    }

    @Test
    void aCrlfSplitBetweenChunksIsOneLineBreak() {
        decode("data: a\r", "\ndata: b\r", "\n\r", "\n");

        assertEquals(List.of(SseEvent.message("a\nb")), events);
    }

    @Test
    void joinsDataLinesWithNewlinesKeepingEmptyOnes() {
        decode("data: a\ndata:\ndata: b\ndata: \n\n");

        assertEquals(List.of(SseEvent.message("a\n\nb\n")), events);
    }

    @Test
    void ignoresComments() {
        decode(": keep-alive\ndata: x\n:data: not data\n\n");

        assertEquals(List.of(SseEvent.message("x")), events);
    }

    @Test
    void aBlockOfOnlyCommentsDispatchesNothing() {
        decode(": ping\n:\n\n");

        assertTrue(events.isEmpty());
    }

    @Test
    void ignoresUnknownFields() {
        decode("foo: bar\ndata: x\nData: upper case is another field\n\n");

        assertEquals(List.of(SseEvent.message("x")), events);
    }

    @Test
    void aFieldWithoutColonHasAnEmptyValue() {
        decode("data\ndata: x\nid\n\n");

        assertEquals(List.of(new SseEvent("", null, "\nx", null)), events);
    }

    @Test
    void removesOnlyOneLeadingSpaceOfTheValue() {
        decode("data:x\n\ndata: x\n\ndata:  x\n\ndata: x \n\nid:  7\ndata:y\n\n");

        assertEquals(List.of(SseEvent.message("x"), SseEvent.message("x"), SseEvent.message(" x"),
                SseEvent.message("x "), new SseEvent(" 7", null, "y", null)), events);
    }

    @Test
    void valuesMayContainColons() {
        decode("id: a:b\ndata: {\"k\":\"v\"}\n\n");

        assertEquals(List.of(new SseEvent("a:b", null, "{\"k\":\"v\"}", null)), events);
    }

    @Test
    void dispatchesAPrimingEventThatHasAnIdButNoData() {
        decode("id: 42\n\nid: 43\ndata:\n\n");

        assertEquals(List.of(new SseEvent("42", null, "", null), new SseEvent("43", null, "", null)), events);
    }

    @Test
    void doesNotDispatchAnEventWithNeitherDataNorId() {
        decode("event: ping\nretry: 100\n\ndata: x\n\n");

        assertEquals(List.of(SseEvent.message("x")), events);
    }

    @Test
    void extraBlankLinesDispatchNothing() {
        decode("\n\n\ndata: x\n\n\n\n");

        assertEquals(List.of(SseEvent.message("x")), events);
    }

    @Test
    void endDispatchesAnEventLeftWithoutItsLastLineBreak() {
        SseDecoder decoder = decoder(NO_LIMIT);
        decoder.feed("data: a\n\nid: 9\ndata: last".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(SseEvent.message("a")), events);

        decoder.end();

        assertEquals(List.of(SseEvent.message("a"), new SseEvent("9", null, "last", null)), events);
    }

    @Test
    void endDispatchesAnEventLeftWithoutItsBlankLine() {
        SseDecoder decoder = decoder(NO_LIMIT);
        decoder.feed("data: a\ndata: b\n".getBytes(StandardCharsets.UTF_8));

        decoder.end();

        assertEquals(List.of(SseEvent.message("a\nb")), events);
    }

    @Test
    void endAfterACompleteEventDispatchesNothingMore() {
        SseDecoder decoder = decoder(NO_LIMIT);
        decoder.feed("data: a\n\n".getBytes(StandardCharsets.UTF_8));

        decoder.end();

        assertEquals(List.of(SseEvent.message("a")), events);
    }

    @Test
    void endOfAnEmptyStreamDispatchesNothing() {
        decoder(NO_LIMIT).end();

        assertTrue(events.isEmpty());
    }

    @Test
    void acceptsAnEventExactlyAtTheLimit() {
        // the limit counts the bytes of the event's lines, not the line breaks: "data: abcd" is 10
        SseDecoder decoder = decoder(10);

        assertDoesNotThrow(() -> decoder.feed("data: abcd\n\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(SseEvent.message("abcd")), events);
    }

    @Test
    void throwsWhenAnEventOutgrowsTheLimit() {
        SseDecoder decoder = decoder(10);

        assertThrows(IllegalStateException.class, () -> decoder.feed("data: abcde\n\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(events.isEmpty());
    }

    @Test
    void theLimitCountsBytesNotCharacters() {
        // "data: ab€" is 8 characters but 11 bytes
        SseDecoder decoder = decoder(10);

        assertThrows(IllegalStateException.class, () -> decoder.feed("data: ab€\n\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theLimitAppliesToAllLinesOfOneEvent() {
        SseDecoder decoder = decoder(15);

        assertThrows(IllegalStateException.class,
                () -> decoder.feed("data: aaaa\ndata: bbbb\n\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theLimitIsPerEvent() {
        SseDecoder decoder = decoder(10);

        for (int i = 0; i < 5; i++) {
            decoder.feed("data: abcd\n\n".getBytes(StandardCharsets.UTF_8));
        }

        assertEquals(5, events.size());
    }

    @Test
    void theLimitStopsAnEventThatNeverEnds() {
        SseDecoder decoder = decoder(100);
        byte[] chunk = "xxxxxxxxxx".getBytes(StandardCharsets.UTF_8);
        decoder.feed("data: ".getBytes(StandardCharsets.UTF_8));

        assertThrows(IllegalStateException.class, () -> {
            for (int i = 0; i < 20; i++) {
                decoder.feed(chunk);
            }
        });
    }
}

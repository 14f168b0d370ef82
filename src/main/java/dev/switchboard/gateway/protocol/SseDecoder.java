package dev.switchboard.gateway.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Decodes a text/event-stream incrementally, chunk by chunk as it arrives from the network, and hands
 * each complete event on at once. Lines are cut on bytes, so a UTF-8 character split across chunks is
 * decoded whole. Only the current event is held in memory.
 */
public final class SseDecoder {

    private final Consumer<SseEvent> events;
    private final int maxEventBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean lastWasCr;
    private StringBuilder data;
    private String id;
    private String event;
    private String retry;
    private int eventBytes;

    public SseDecoder(int maxEventBytes, Consumer<SseEvent> events) {
        this.maxEventBytes = maxEventBytes;
        this.events = events;
    }

    /** Feeds bytes; throws {@link IllegalStateException} when one event outgrows the limit. */
    public void feed(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = b == '\r';
            if (b == '\n' || b == '\r') {
                line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
                if (++eventBytes > maxEventBytes) {
                    throw new IllegalStateException("an event of the stream is larger than " + maxEventBytes + " bytes");
                }
            }
        }
    }

    /** Dispatches an event left unterminated when the stream ended. */
    public void end() {
        if (line.size() > 0) {
            line(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
        line("");
    }

    private void line(String text) {
        if (text.isEmpty()) {
            if (data != null || id != null) {
                events.accept(new SseEvent(id, event, data == null ? "" : data.toString(), retry));
            }
            data = null;
            id = null;
            event = null;
            retry = null;
            eventBytes = 0;
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "id" -> id = value;
            case "event" -> event = value;
            case "retry" -> retry = value;
            default -> {
            }
        }
    }
}

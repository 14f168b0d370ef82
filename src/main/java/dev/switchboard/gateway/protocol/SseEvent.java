package dev.switchboard.gateway.protocol;

/**
 * One server-sent event. {@code id} and {@code retry} are null when the event carries none; {@code data}
 * is the joined data lines (empty for a priming event).
 */
public record SseEvent(String id, String event, String data, String retry) {

    /** The event in text/event-stream form, ending with the blank line that dispatches it. */
    public String format() {
        StringBuilder out = new StringBuilder(data.length() + 32);
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            out.append("event: ").append(event).append('\n');
        }
        if (retry != null) {
            out.append("retry: ").append(retry).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString();
    }

    public static SseEvent message(String data) {
        return new SseEvent(null, null, data, null);
    }
}

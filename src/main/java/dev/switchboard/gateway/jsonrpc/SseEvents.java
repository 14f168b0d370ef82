package dev.switchboard.gateway.jsonrpc;

import java.util.ArrayList;
import java.util.List;

/** Splits a complete text/event-stream body into the data of its events (multi-line data joined by '\n'). */
public final class SseEvents {

    private SseEvents() {
    }

    public static List<String> data(String stream) {
        List<String> events = new ArrayList<>();
        StringBuilder data = null;
        for (String line : stream.replace("\r\n", "\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(data.toString());
                }
                data = null;
            } else if (line.startsWith("data:")) {
                String value = line.substring(5);
                value = value.startsWith(" ") ? value.substring(1) : value;
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        if (data != null) {
            events.add(data.toString());
        }
        return events;
    }
}

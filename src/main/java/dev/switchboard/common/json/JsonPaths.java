package dev.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayDeque;
import java.util.Deque;

/** The path of the value a parser is at, written as problems name fields ({@code a.b[2].c}); "" at the root. */
final class JsonPaths {

    private JsonPaths() {
    }

    static String current(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        if (parser.hasToken(JsonToken.START_OBJECT) || parser.hasToken(JsonToken.START_ARRAY)) {
            context = context.getParent();
        }
        Deque<String> parts = new ArrayDeque<>();
        for (; context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
                parts.push("[" + context.getCurrentIndex() + "]");
            } else if (context.getCurrentName() != null) {
                parts.push(context.getCurrentName());
            }
        }
        String path = "";
        for (String part : parts) {
            path = part.startsWith("[") ? path + part : child(path, part);
        }
        return path;
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }
}

package dev.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayDeque;
import java.util.Deque;

/** Paths of values as problems name fields ({@code a.b[2].c}); "" is the body itself. */
final class JsonPaths {

    private JsonPaths() {
    }

    /** The value the parser is at (its first token, for an object or array). */
    static String current(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        boolean opened = parser.hasToken(JsonToken.START_OBJECT) || parser.hasToken(JsonToken.START_ARRAY);
        return of(opened ? context.getParent() : context);
    }

    /** The object whose field name the parser is at. */
    static String enclosingObject(JsonParser parser) {
        return of(parser.getParsingContext().getParent());
    }

    static String child(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }

    private static String of(JsonStreamContext context) {
        Deque<JsonStreamContext> levels = new ArrayDeque<>();
        for (; context != null && !context.inRoot(); context = context.getParent()) {
            levels.push(context);
        }
        String path = "";
        for (JsonStreamContext level : levels) {
            if (level.inArray()) {
                path = element(path, level.getCurrentIndex());
            } else if (level.getCurrentName() != null) {
                path = child(path, level.getCurrentName());
            }
        }
        return path;
    }
}

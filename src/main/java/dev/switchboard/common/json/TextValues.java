package dev.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.switchboard.common.problem.InputErrors;
import java.io.IOException;
import java.util.Map;

/**
 * What request bodies accept as text: JSON strings only — Jackson's own String deserializer would store
 * {@code {"name": 42}} as "42", which hides a client's mistake — and never with a NUL character, which
 * PostgreSQL text cannot hold. Checked for typed fields, map keys and free-form JSON (stored session
 * configs) alike; a bad value is reported at its path and reading goes on (see {@link CollectingContext}).
 */
final class TextValues {

    private TextValues() {
    }

    static SimpleModule module() {
        return new SimpleModule("switchboard-request-text")
                .addDeserializer(String.class, new Strings())
                .addKeyDeserializer(String.class, new Keys())
                .addDeserializer(JsonNode.class, new Trees());
    }

    private static void report(DeserializationContext context, String field, String message) throws IOException {
        if (context instanceof CollectingContext collecting) {
            collecting.report(field, message);
        } else {
            throw MismatchedInputException.from(context.getParser(), String.class, field + ": " + message);
        }
    }

    static final class Strings extends StdScalarDeserializer<String> {

        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            String text = parser.getText();
            if (InputErrors.hasNul(text)) {
                report(context, JsonPaths.current(parser), InputErrors.NUL);
                return null;
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    static final class Keys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (InputErrors.hasNul(key)) {
                report(context, JsonPaths.enclosingObject(context.getParser()), InputErrors.NUL_IN_KEY);
            }
            return key;
        }
    }

    /** Free-form JSON is read as Jackson reads it, then walked for NUL characters. */
    static final class Trees extends StdDeserializer<JsonNode> {

        private static final JsonDeserializer<? extends JsonNode> TREE = JsonNodeDeserializer.getDeserializer(JsonNode.class);

        Trees() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String path = JsonPaths.current(parser);
            JsonNode tree = TREE.deserialize(parser, context);
            check(tree, path, context);
            return tree;
        }

        @Override
        public JsonNode getNullValue(DeserializationContext context) throws JsonMappingException {
            return TREE.getNullValue(context);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) throws JsonMappingException {
            return TREE.getAbsentValue(context);
        }

        @Override
        public LogicalType logicalType() {
            return TREE.logicalType();
        }

        private static void check(JsonNode node, String path, DeserializationContext context) throws IOException {
            if (node.isTextual() && InputErrors.hasNul(node.textValue())) {
                report(context, path, InputErrors.NUL);
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), JsonPaths.element(path, i), context);
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    if (InputErrors.hasNul(field.getKey())) {
                        report(context, path, InputErrors.NUL_IN_KEY);
                    } else {
                        check(field.getValue(), JsonPaths.child(path, field.getKey()), context);
                    }
                }
            }
        }
    }
}

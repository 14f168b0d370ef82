package dev.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * Text fields of request bodies take JSON strings only: Jackson's own String deserializer would store
 * {@code {"name": 42}} as "42" (no coercion config stops that), which hides a client's mistake.
 */
final class TextValues extends StdScalarDeserializer<String> {

    TextValues() {
        super(String.class);
    }

    static SimpleModule module() {
        return new SimpleModule("switchboard-request-text").addDeserializer(String.class, new TextValues());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            return parser.getText();
        }
        return (String) context.handleUnexpectedToken(String.class, parser);
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

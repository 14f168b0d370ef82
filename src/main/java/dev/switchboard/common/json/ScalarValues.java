package dev.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Set;

/**
 * What request bodies accept as numbers and booleans: JSON numbers and booleans only, checked by the token
 * before Jackson's own deserializer runs. Jackson's coercion settings would refuse {@code "5000"} too, but by
 * throwing at once, which stops the read before the fields after it are checked; a wrong token here is
 * reported at its path and reading goes on (see {@link CollectingContext}). Primitives, which cannot be left
 * null, keep Jackson's deserializers and its coercion settings.
 */
final class ScalarValues {

    private static final Set<JsonToken> INTEGER = Set.of(JsonToken.VALUE_NUMBER_INT);
    private static final Set<JsonToken> NUMBER = Set.of(JsonToken.VALUE_NUMBER_INT, JsonToken.VALUE_NUMBER_FLOAT);
    private static final Set<JsonToken> BOOLEAN = Set.of(JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE);

    private ScalarValues() {
    }

    static SimpleModule module() {
        return new SimpleModule("switchboard-request-scalars")
                .addDeserializer(Integer.class, new Checked<>(Integer.class, INTEGER, LogicalType.Integer))
                .addDeserializer(Long.class, new Checked<>(Long.class, INTEGER, LogicalType.Integer))
                .addDeserializer(Double.class, new Checked<>(Double.class, NUMBER, LogicalType.Float))
                .addDeserializer(Boolean.class, new Checked<>(Boolean.class, BOOLEAN, LogicalType.Boolean));
    }

    static final class Checked<T> extends StdScalarDeserializer<T> {

        private final transient JsonDeserializer<?> standard;
        private final Set<JsonToken> accepted;
        private final LogicalType logicalType;

        Checked(Class<T> type, Set<JsonToken> accepted, LogicalType logicalType) {
            super(type);
            this.standard = NumberDeserializers.find(type, type.getName());
            this.accepted = accepted;
            this.logicalType = logicalType;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!accepted.contains(parser.currentToken())) {
                return (T) context.handleUnexpectedToken(handledType(), parser);
            }
            return (T) standard.deserialize(parser, context);
        }

        @Override
        public LogicalType logicalType() {
            return logicalType;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }
}

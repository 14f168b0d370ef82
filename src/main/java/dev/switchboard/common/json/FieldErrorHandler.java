package dev.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import dev.switchboard.common.problem.InputErrors;
import java.io.IOException;

/**
 * Turns a value of the wrong JSON type inside a body into a reported field error and reads on (the value
 * becomes null; the body fails as a whole at the end, see {@link CollectingContext}). A wrong root, or a
 * primitive that cannot be null, fails at once as Jackson would.
 */
final class FieldErrorHandler extends DeserializationProblemHandler {

    @Override
    public Object handleUnexpectedToken(DeserializationContext context, JavaType targetType, JsonToken token,
            JsonParser parser, String failureMessage) throws IOException {
        return report(context, parser, targetType.getRawClass());
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType, String value,
            String failureMessage) throws IOException {
        return report(context, context.getParser(), targetType);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext context, Class<?> targetType, Number value,
            String failureMessage) throws IOException {
        return report(context, context.getParser(), targetType);
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext context, Class<?> instanceClass,
            ValueInstantiator instantiator, JsonParser parser, String message) throws IOException {
        return report(context, parser, instanceClass);
    }

    private static Object report(DeserializationContext context, JsonParser parser, Class<?> type) throws IOException {
        String field = parser == null ? "" : JsonPaths.current(parser);
        if (field.isEmpty() || type.isPrimitive() || !(context instanceof CollectingContext collecting)) {
            return NOT_HANDLED;
        }
        collecting.report(field, "must be " + InputErrors.describe(type));
        parser.skipChildren();
        return null;
    }
}

package dev.switchboard.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;

/**
 * The ObjectMapper that reads request bodies: the application's mapper (same naming and features), made
 * strict about types — a string is not a number, a number is not a string or a boolean — refusing NUL
 * characters in any text, and reporting every field error of a body at once. Only request bodies use it (see {@link RequestJsonResolver}); the
 * gateway relays JSON-RPC messages as they are and keeps the application mapper.
 */
@Singleton
public class RequestJson {

    private final ObjectMapper mapper;

    @Inject
    public RequestJson(ObjectMapper application, Validator validator) {
        mapper = new StrictMapper(application, validator);
        mapper.registerModule(TextValues.module());
        mapper.registerModule(ScalarValues.module());
        mapper.addHandler(new FieldErrorHandler());
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** A copy of the application mapper whose reads go through a {@link CollectingContext}. */
    static final class StrictMapper extends ObjectMapper {

        private final transient Validator validator;

        StrictMapper(ObjectMapper application, Validator validator) {
            super(application);
            this.validator = validator;
            _deserializationContext = new CollectingContext(application.getDeserializationContext().getFactory(), validator);
        }

        @Override
        public ObjectMapper copy() {
            _checkInvalidCopy(StrictMapper.class);
            return new StrictMapper(this, validator);
        }
    }
}

package dev.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CacheProvider;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.DeserializerCache;
import com.fasterxml.jackson.databind.deser.DeserializerFactory;
import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.InputErrors;
import dev.switchboard.common.problem.ProblemException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deserialization context that lets reading go on past a bad field: {@link FieldErrorHandler} and the text
 * checks {@link #report} what is wrong and carry on, and the root value, once read, fails with every field
 * error at once, together with the Bean Validation errors of the fields that did parse. Jackson makes one
 * context per read, so the errors of one body never meet another's.
 */
final class CollectingContext extends DefaultDeserializationContext {

    private final transient Validator validator;
    private final transient List<FieldError> errors = new ArrayList<>();

    CollectingContext(DeserializerFactory factory, Validator validator) {
        super(factory, new DeserializerCache());
        this.validator = validator;
    }

    private CollectingContext(CollectingContext src, DeserializationConfig config, JsonParser parser, InjectableValues values) {
        super(src, config, parser, values);
        this.validator = src.validator;
    }

    private CollectingContext(CollectingContext src, DeserializationConfig config) {
        super(src, config);
        this.validator = src.validator;
    }

    private CollectingContext(CollectingContext src, DeserializerFactory factory) {
        super(src, factory);
        this.validator = src.validator;
    }

    private CollectingContext(CollectingContext src, CacheProvider caches) {
        super(src, caches);
        this.validator = src.validator;
    }

    private CollectingContext(CollectingContext src) {
        super(src);
        this.validator = src.validator;
    }

    void report(String field, String message) {
        errors.add(new FieldError(field.isEmpty() ? "body" : field, message));
    }

    @Override
    public Object readRootValue(JsonParser parser, JavaType valueType, JsonDeserializer<Object> deserializer,
            Object valueToUpdate) throws IOException {
        Object value;
        try {
            value = super.readRootValue(parser, valueType, deserializer, valueToUpdate);
        } catch (DatabindException e) {
            if (errors.isEmpty() || !(e instanceof JsonMappingException mapping)) {
                throw e;
            }
            errors.add(InputErrors.of(mapping));
            throw ProblemException.invalid(sorted(errors));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(sorted(withViolationsOf(value)));
        }
        return value;
    }

    /** Adds the validation errors of the fields that parsed; one that did not is reported once, as a type error. */
    private List<FieldError> withViolationsOf(Object value) {
        List<FieldError> all = new ArrayList<>(errors);
        if (value == null || value instanceof JsonNode) {
            return all;
        }
        for (FieldError violation : InputErrors.of(validator.validate(value))) {
            if (errors.stream().noneMatch(error -> within(violation.field(), error.field()))) {
                all.add(violation);
            }
        }
        return all;
    }

    private static boolean within(String field, String parent) {
        return field.equals(parent) || field.startsWith(parent + ".") || field.startsWith(parent + "[");
    }

    private static List<FieldError> sorted(List<FieldError> errors) {
        return errors.stream().sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message)).toList();
    }

    @Override
    public DefaultDeserializationContext with(DeserializerFactory factory) {
        return new CollectingContext(this, factory);
    }

    @Override
    public DefaultDeserializationContext withCaches(CacheProvider caches) {
        return new CollectingContext(this, caches);
    }

    @Override
    public DefaultDeserializationContext createInstance(DeserializationConfig config, JsonParser parser, InjectableValues values) {
        return new CollectingContext(this, config, parser, values);
    }

    @Override
    public DefaultDeserializationContext createDummyInstance(DeserializationConfig config) {
        return new CollectingContext(this, config);
    }

    @Override
    public DefaultDeserializationContext copy() {
        return new CollectingContext(this);
    }
}

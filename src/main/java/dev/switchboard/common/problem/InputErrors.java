package dev.switchboard.common.problem;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Field errors from what Jackson and Bean Validation report, worded the same wherever they are found. */
public final class InputErrors {

    /** PostgreSQL text cannot hold U+0000, so no input may carry it into a query. */
    public static final String NUL = "must not contain NUL characters";
    public static final String NUL_IN_KEY = "must not have keys with NUL characters";

    private InputErrors() {
    }

    public static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /** A value of the wrong JSON type (or a body that is not an object at all). */
    public static FieldError of(MismatchedInputException e) {
        String field = FieldPaths.of(e.getPath());
        String message = e.getPath().isEmpty() && e.getTargetType() != null && e.getTargetType().isRecord()
                ? "the request body must be a JSON object"
                : "must be " + (e.getTargetType() == null ? "a different type" : describe(e.getTargetType()));
        return new FieldError(field, message);
    }

    /** Any other mapping failure, at the field where it happened. */
    public static FieldError of(JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatched) {
            return of(mismatched);
        }
        return new FieldError(FieldPaths.of(e.getPath()), "is not valid");
    }

    /** Bean Validation violations, in a stable order. */
    public static List<FieldError> of(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new FieldError(FieldPaths.of(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    /** What a JSON value for the given Java type must be: "a string", "an array", … */
    private static final Set<Class<?>> INTEGRAL = Set.of(Integer.class, int.class, Long.class, long.class, Short.class,
            short.class, java.math.BigInteger.class);

    public static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (INTEGRAL.contains(type)) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "an object";
    }
}

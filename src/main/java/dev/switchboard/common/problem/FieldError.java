package dev.switchboard.common.problem;

/** One invalid input: the JSON field (or query parameter) and what is wrong with it. */
public record FieldError(String field, String message) {
}

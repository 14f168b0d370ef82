package dev.switchboard.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body. {@code message} repeats the detail at the top level because the
 * Composio SDK shows {@code "<status> " + body.message} to its users.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String message, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail, List<FieldError> errors) {
        return new Problem("https://switchboard.dev/problems/" + status, title, status, detail, detail, errors);
    }
}

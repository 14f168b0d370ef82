package dev.switchboard.common.problem;

import java.util.List;

/** A failure that answers the client with a problem body; thrown by services, rendered by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : "The request has " + errors.size() + " invalid fields";
        return new ProblemException(400, "Invalid request", detail, errors);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "Not found", what + " '" + id + "' does not exist", List.of());
    }

    public static ProblemException conflict(String field, String message) {
        return new ProblemException(409, "Conflict", message, List.of(new FieldError(field, message)));
    }

    public static ProblemException conflict(String message) {
        return new ProblemException(409, "Conflict", message, List.of());
    }

    public static ProblemException forbidden(String message) {
        return new ProblemException(403, "Forbidden", message, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}

package dev.switchboard.common.paging;

import dev.switchboard.common.problem.FieldError;
import dev.switchboard.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/** A validated page request: pages start at 1, limits are bounded so one call cannot pull a whole table. */
public record PageRequest(int pageNo, int limit) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    /** Parses the raw query values; strings so that "abc" is a field error, not a generic 404. */
    public static PageRequest parse(String pageNo, String limit) {
        List<FieldError> errors = new ArrayList<>();
        int page = parseBounded("page_no", pageNo, 1, 1, Integer.MAX_VALUE / MAX_LIMIT, errors);
        int size = parseBounded("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new PageRequest(page, size);
    }

    public int offset() {
        return (pageNo - 1) * limit;
    }

    public int totalPages(long totalItems) {
        return (int) ((totalItems + limit - 1) / limit);
    }

    private static int parseBounded(String field, String raw, int fallback, int min, int max, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                errors.add(new FieldError(field, "must be between " + min + " and " + max));
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be an integer"));
            return fallback;
        }
    }
}

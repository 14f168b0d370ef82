package dev.switchboard.common.paging;

import dev.switchboard.common.problem.ProblemException;
import java.util.Set;

/** A validated {@code order_by} / {@code order_direction} pair, rendered as a safe HQL order clause. */
public record SortOrder(String field, boolean ascending) {

    public static SortOrder parse(String orderBy, String direction, Set<String> allowedFields, String defaultField) {
        String field = orderBy == null || orderBy.isBlank() ? defaultField : orderBy.trim();
        if (!allowedFields.contains(field)) {
            throw ProblemException.invalid("order_by", "must be one of " + String.join(", ", allowedFields.stream().sorted().toList()));
        }
        String dir = direction == null || direction.isBlank() ? "desc" : direction.trim().toLowerCase();
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw ProblemException.invalid("order_direction", "must be asc or desc");
        }
        return new SortOrder(field, dir.equals("asc"));
    }

    /** The HQL order clause over entity alias {@code e}; {@code field} is one of a fixed set, never user text. */
    public String hql(String property) {
        String dir = ascending ? "asc" : "desc";
        return "e." + property + " " + dir + ", e.id " + dir;
    }
}

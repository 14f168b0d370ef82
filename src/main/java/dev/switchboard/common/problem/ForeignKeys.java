package dev.switchboard.common.problem;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.hibernate.exception.ConstraintViolationException;

/** Turns "row is still referenced" failures of a delete into a 409 that says what references it. */
public final class ForeignKeys {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private ForeignKeys() {
    }

    public static <T> Uni<T> stillReferenced(Uni<T> delete, Supplier<String> message) {
        return delete.onFailure(ForeignKeys::isForeignKeyViolation)
                .transform(e -> ProblemException.conflict(message.get()));
    }

    private static boolean isForeignKeyViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && FOREIGN_KEY_VIOLATION.equals(c.getSQLState())) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}

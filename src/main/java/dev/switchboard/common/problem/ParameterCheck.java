package dev.switchboard.common.problem;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Path and query parameters of the API with a NUL character (sent as {@code %00}) are refused before a
 * resource sees them: PostgreSQL cannot compare text with NUL and would fail the request with a 500.
 * Request bodies are checked where they are read (see {@code common.json.TextValues}).
 */
public class ParameterCheck {

    @ServerRequestFilter
    public Response refuseNul(UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        collect(uri.getPathParameters(), errors);
        collect(uri.getQueryParameters(), errors);
        return errors.isEmpty() ? null : ProblemResponses.of(ProblemException.invalid(errors));
    }

    private static void collect(MultivaluedMap<String, String> parameters, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (InputErrors.hasNul(parameter.getKey())) {
                errors.add(new FieldError("query", "must not have parameter names with NUL characters"));
            } else if (parameter.getValue().stream().anyMatch(InputErrors::hasNul)) {
                errors.add(new FieldError(parameter.getKey(), InputErrors.NUL));
            }
        }
    }
}

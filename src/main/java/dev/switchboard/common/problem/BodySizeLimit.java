package dev.switchboard.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a declared oversize body with a problem body before it is read. The HTTP layer enforces the
 * same limit on chunked bodies, answering a bare 413.
 */
public class BodySizeLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @ServerRequestFilter(preMatching = true)
    public Response checkDeclaredLength(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return null;
        }
        try {
            if (Long.parseLong(declared.trim()) <= maxBodySize.asLongValue()) {
                return null;
            }
        } catch (NumberFormatException e) {
            return ProblemResponses.of(ProblemException.invalid("Content-Length", "is not a number"));
        }
        return ProblemResponses.of(new ProblemException(413, "Payload Too Large",
                "The request body is larger than " + maxBodySize.asLongValue() + " bytes", List.of(
                        new FieldError("body", "must be at most " + maxBodySize.asLongValue() + " bytes"))));
    }
}

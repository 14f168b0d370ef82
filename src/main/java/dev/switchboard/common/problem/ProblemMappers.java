package dev.switchboard.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.switchboard.common.DatabaseFailures;
import dev.switchboard.identity.TokenRefusals;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure leaves the API as an RFC 9457 problem body; this is the one place that renders them. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String BEARER_CHALLENGE = "Bearer realm=\"switchboard\"";
    /** How long a client waits before retrying while the database is unavailable. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return ProblemResponses.of(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return mismatchedInput(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return ProblemResponses.of(ProblemException.invalid(List.of(InputErrors.of(e))));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched);
        }
        String location = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String field = e instanceof JsonMappingException mapping ? FieldPaths.of(mapping.getPath()) : "body";
        return ProblemResponses.of(ProblemException.invalid(field, "is not valid JSON" + location));
    }

    @ServerExceptionMapper
    public Response violations(ResteasyReactiveViolationException e) {
        return violations((ConstraintViolationException) e);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        return ProblemResponses.of(ProblemException.invalid(InputErrors.of(e.getConstraintViolations())));
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        if (DatabaseFailures.unreachable(e)) {
            return databaseUnavailable(e);
        }
        // The verifier's own message quotes the token's claims; TokenRefusals says why without them.
        String detail = (e.getMessage() == null || e.getMessage().isBlank()) && e.getCause() == null
                ? "The credentials are missing or not valid"
                : TokenRefusals.describe(e);
        return unauthorized(detail);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized("Authentication is required: send an x-api-key header or an OIDC bearer token");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return ProblemResponses.of(ProblemException.forbidden("The caller's role does not allow this operation"));
    }

    @ServerExceptionMapper
    public Response constraintRace(org.hibernate.exception.ConstraintViolationException e) {
        LOG.debugf("Constraint violated by a concurrent change: %s", e.getConstraintName());
        return ProblemResponses.of(409, "Conflict",
                "The request conflicts with a concurrent change; retry it", List.of(), true);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this path";
            case 406 -> "The Accept header names no media type this endpoint produces (use application/json)";
            case 413 -> "The request body is too large";
            case 415 -> "The Content-Type is not supported here (use application/json)";
            default -> e.getMessage();
        };
        return ProblemResponses.of(status, title, detail, List.of(), ProblemResponses.isRetryable(status));
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        if (DatabaseFailures.unreachable(e)) {
            return databaseUnavailable(e);
        }
        LOG.error("Unhandled failure", e);
        return ProblemResponses.of(500, "Internal Server Error",
                "The server failed to handle the request; it has been logged", List.of(), true);
    }

    /** A passing outage, not a bug: logged without a stack trace, answered with when to retry. */
    private static Response databaseUnavailable(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        LOG.warnf("Database unavailable: %s", cause.toString());
        Response problem = ProblemResponses.of(503, "Service Unavailable", "The database is unavailable; retry later",
                List.of(), true);
        return Response.fromResponse(problem)
                .header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS)
                .header(ProblemResponses.SHOULD_RETRY, "true")
                .build();
    }

    private static Response unauthorized(String detail) {
        Response problem = ProblemResponses.of(new ProblemException(401, "Unauthorized", detail, List.of()));
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).build();
    }
}

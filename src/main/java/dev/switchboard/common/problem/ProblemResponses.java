package dev.switchboard.common.problem;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem responses, adding the headers the Composio SDK's retry logic reads. */
public final class ProblemResponses {

    /** The Composio SDK retries 408, 409, 429 and 5xx unless told that a retry cannot help. */
    public static final String SHOULD_RETRY = "x-should-retry";

    private ProblemResponses() {
    }

    public static Response of(ProblemException e) {
        return of(e.status(), e.title(), e.getMessage(), e.errors(), isRetryable(e.status()));
    }

    public static Response of(int status, String title, String detail, List<FieldError> errors, boolean retryable) {
        Problem body = Problem.of(status, title, detail, errors);
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
        if (!retryable) {
            response.header(SHOULD_RETRY, "false");
        }
        return response.build();
    }

    /** The same problem written to a Vert.x response, for the MCP gateway's endpoints (routes, not JAX-RS resources). */
    public static void write(HttpServerResponse response, ProblemException e) {
        response.setStatusCode(e.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (!isRetryable(e.status())) {
            response.putHeader(SHOULD_RETRY, "false");
        }
        response.end(Json.encode(Problem.of(e.status(), e.title(), e.getMessage(), e.errors())));
    }

    public static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }
}

package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.DatabaseFailures;
import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.common.problem.ProblemResponses;
import dev.switchboard.gateway.protocol.JsonRpc;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The one way a failed MCP request leaves the gateway, wherever it failed: before the response started,
 * an HTTP problem (RFC 9457, rendered as the REST API renders them, with {@code x-should-retry}); after,
 * a JSON-RPC error for the request on the stream its answer was going to, then that stream's end. A
 * refusal is the client's business and is logged at debug level; anything else is logged once, here.
 */
@ApplicationScoped
public class FailureExit {

    private static final Logger LOG = Logger.getLogger(FailureExit.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    @Inject
    MeterRegistry metrics;

    public void fail(GatewayRequest request, Throwable failure) {
        try {
            answer(request, failure);
        } catch (RuntimeException unanswerable) {
            LOG.debugf("The failure of an MCP request could not be answered: %s", unanswerable.getMessage());
        }
    }

    /**
     * What fails an MCP route outside the pipeline's chain: Quarkus security fails the route when a credential
     * is refused (the {@link Authentication} stage answers that one, with its challenge), and Vert.x when a
     * body is too large. Each gets a problem, never a bare status.
     */
    public void routeFailed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        HttpServerResponse response = ctx.response();
        if (response.headWritten() || response.closed()
                || failure instanceof AuthenticationFailedException && !DatabaseFailures.unreachable(failure)) {
            return;
        }
        if (DatabaseFailures.unreachable(failure)) {
            writeProblem(response, databaseUnavailable(failure));
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.errorf(failure, "MCP request failed outside the pipeline");
        }
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        writeProblem(response, new ProblemException(status, reason, status == 413 ? "The request body is too large"
                : status >= 500 ? "The gateway failed to handle the request; it has been logged" : reason, List.of()));
    }

    private void answer(GatewayRequest request, Throwable failure) {
        Refusal refusal = failure instanceof Refusal r ? r : null;
        if (refusal == null && DatabaseFailures.unreachable(failure)) {
            refusal = databaseUnavailable(failure);
        } else if (refusal != null) {
            LOG.debugf("MCP request refused (%d): %s", refusal.status(), refusal.getMessage());
        } else {
            LOG.errorf(failure, "MCP request failed (%s)", request.entry());
        }
        metrics.counter("switchboard.gateway.failures", "kind", refusal != null ? "refusal_" + refusal.status() : "error")
                .increment();
        HttpServerResponse response = request.ctx().response();
        if (!response.headWritten() && !response.closed()) {
            if (refusal != null && refusal.jsonRpcCode() != null) {
                refusal.headers().forEach(response::putHeader);
                // The message's id when it was parsed (a rate-limited request), null when it could not be.
                ObjectNode error = JsonRpc.error(request.messageId(), refusal.jsonRpcCode(), refusal.getMessage());
                if (refusal.jsonRpcData() != null) {
                    ((ObjectNode) error.get("error")).set("data", refusal.jsonRpcData());
                }
                response.setStatusCode(refusal.status()).putHeader("Content-Type", "application/json").end(error.toString());
                return;
            }
            writeProblem(response, refusal != null ? refusal : new ProblemException(500, "Internal Server Error",
                    "The gateway failed to handle the request; it has been logged", List.of()));
            return;
        }
        if (request.reply() != null && request.message() != null && JsonRpc.isRequest(request.message())) {
            request.reply().send(JsonRpc.error(request.messageId(), JsonRpc.INTERNAL_ERROR,
                    refusal != null ? refusal.getMessage() : "Internal error: the gateway failed to handle the request"));
        } else if (request.entry() != McpEntry.LEGACY_MESSAGE && !response.ended() && !response.closed()) {
            // A stream of this request's own (a GET, or a POST's answer) that cannot go on.
            response.end();
        }
    }

    /** A problem with the headers its refusal carries: its own, a 401's challenge, a 503's time to retry. */
    private static void writeProblem(HttpServerResponse response, ProblemException problem) {
        if (problem instanceof Refusal refusal) {
            refusal.headers().forEach(response::putHeader);
            if (refusal.challenge() != null) {
                response.putHeader("WWW-Authenticate", refusal.challenge());
            }
        }
        if (problem.status() == 503 && response.headers().get("Retry-After") == null) {
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS).putHeader(ProblemResponses.SHOULD_RETRY, "true");
        }
        ProblemResponses.write(response, problem);
    }

    /** A passing outage, not a bug: logged without a stack trace, answered with when to retry. */
    private static Refusal databaseUnavailable(Throwable failure) {
        LOG.warnf("MCP request not served, the database is unavailable: %s", failure.getMessage());
        return Refusal.of(503, "The database is unavailable; retry later");
    }
}

package dev.switchboard.gateway.pipeline;

import dev.switchboard.common.problem.ProblemException;
import dev.switchboard.common.problem.ProblemResponses;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The path of every MCP request, in order: transport rules → authenticate → resolve → admission →
 * dispatch (the entry's own: a message answered locally, fanned out or routed upstream; a stream opened;
 * a session ended). Each stage refuses by failing with a {@link Refusal}; whatever fails, wherever it is
 * thrown, ends in the one {@link FailureExit}, so no client is left waiting.
 */
@ApplicationScoped
public class GatewayPipeline {

    private static final Logger LOG = Logger.getLogger(GatewayPipeline.class);

    @Inject
    TransportRules rules;

    @Inject
    Authentication authentication;

    @Inject
    Resolution resolution;

    @Inject
    Admission admission;

    @Inject
    FailureExit exit;

    public void run(GatewayRequest request, Function<GatewayRequest, Uni<Void>> dispatch) {
        Uni.createFrom().voidItem()
                .invoke(() -> rules.check(request))
                .chain(() -> authentication.authenticate(request))
                .chain(() -> resolution.resolve(request))
                .chain(() -> admission.admit(request))
                .chain(() -> dispatch.apply(request))
                .subscribe().with(done -> {
                }, failure -> exit.fail(request, failure));
    }

    /**
     * Installs, on an MCP path, the answer to what fails outside the pipeline's own chain: Quarkus security
     * fails the route when a credential is refused (the {@link Authentication} stage answers that one, with
     * its challenge), and Vert.x when a body is too large. Each gets a problem, never a bare status.
     */
    public void guard(Router router, String path) {
        router.route(path).failureHandler(ctx -> {
            if (ctx.failure() instanceof AuthenticationFailedException || ctx.response().headWritten() || ctx.response().closed()) {
                return;
            }
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (status >= 500) {
                LOG.errorf(ctx.failure(), "MCP request failed outside the pipeline");
            }
            ProblemResponses.write(ctx.response(), new ProblemException(status,
                    HttpResponseStatus.valueOf(status).reasonPhrase(), status == 413 ? "The request body is too large"
                            : status >= 500 ? "The gateway failed to handle the request; it has been logged"
                                    : HttpResponseStatus.valueOf(status).reasonPhrase(), List.of()));
        });
    }

    /**
     * The end of a request's path on another replica: a legacy SSE message handed over by the replica
     * that received it (and ran the stages before dispatch) to the one holding the session's stream.
     */
    public void dispatchHandedOver(GatewayRequest request, Supplier<Uni<Void>> dispatch) {
        Uni.createFrom().deferred(dispatch::get).subscribe().with(done -> {
        }, failure -> exit.fail(request, failure));
    }
}

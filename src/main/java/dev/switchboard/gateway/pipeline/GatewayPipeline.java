package dev.switchboard.gateway.pipeline;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The path of every MCP request, in order: transport rules → authenticate → resolve → admission →
 * the user's upstream credentials (accounts, then tokens exchanged at the IdP) → dispatch (the entry's own: a message answered locally, fanned out or routed upstream; a stream opened;
 * a session ended). Each stage refuses by failing with a {@link Refusal}; whatever fails, wherever it is
 * thrown, ends in the one {@link FailureExit}, so no client is left waiting.
 */
@ApplicationScoped
public class GatewayPipeline {

    @Inject
    TransportRules rules;

    @Inject
    Authentication authentication;

    @Inject
    Resolution resolution;

    @Inject
    Admission admission;

    @Inject
    UserCredentials credentials;

    @Inject
    ExchangedCredentials exchanged;

    @Inject
    FailureExit exit;

    private final RestObservabilityBypass restBypass = new RestObservabilityBypass();

    public void run(GatewayRequest request, Function<GatewayRequest, Uni<Void>> dispatch) {
        Uni.createFrom().voidItem()
                .invoke(() -> rules.check(request))
                .chain(() -> authentication.authenticate(request))
                .chain(() -> resolution.resolve(request))
                .chain(() -> admission.admit(request))
                .chain(() -> credentials.settle(request))
                .chain(() -> exchanged.settle(request))
                .chain(() -> dispatch.apply(request))
                .subscribe().with(done -> {
                }, failure -> exit.fail(request, failure));
    }

    /**
     * Sends what fails an MCP path outside the pipeline's own chain (Quarkus security, Vert.x's body
     * handler) to the same exit ({@link FailureExit#routeFailed}), and keeps Quarkus REST's per-request template
     * naming off the path ({@link RestObservabilityBypass}).
     */
    public void guard(Router router, String path) {
        restBypass.cover(router, path);
        router.route(path).failureHandler(exit::routeFailed);
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

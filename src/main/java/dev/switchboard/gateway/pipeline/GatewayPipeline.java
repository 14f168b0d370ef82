package dev.switchboard.gateway.pipeline;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The path of every MCP request, in order: transport rules → authenticate → resolve → admission →
 * the user's upstream credentials (accounts, then tokens exchanged at the IdP) → dispatch (the entry's own: a message answered locally, fanned out or routed upstream; a stream opened;
 * a session ended). Each stage refuses by failing with a {@link Refusal}; whatever fails, wherever it is
 * thrown, ends in the one {@link FailureExit}, so no client is left waiting.
 */
@Singleton
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

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    private final RestObservabilityBypass restBypass = new RestObservabilityBypass();
    private McpRoutes routes;

    /**
     * What a stage answers when it is done with the request at once: the pipeline goes on to the next stage
     * without subscribing to anything. A stage that must wait answers a {@code Uni} that completes when it is done.
     */
    public static final Uni<Void> DONE = Uni.createFrom().voidItem();

    private static final int STAGES = 7;

    public void run(GatewayRequest request, Function<GatewayRequest, Uni<Void>> dispatch) {
        new StageRun(request, dispatch).proceed();
    }

    private Uni<Void> stage(int index, GatewayRequest request, Function<GatewayRequest, Uni<Void>> dispatch) {
        return switch (index) {
            case 0 -> {
                rules.check(request);
                yield DONE;
            }
            case 1 -> authentication.authenticate(request);
            case 2 -> resolution.resolve(request);
            case 3 -> admission.admit(request);
            case 4 -> credentials.settle(request);
            case 5 -> exchanged.settle(request);
            default -> dispatch.apply(request);
        };
    }

    /**
     * One request on its way through the stages, in order. A stage done at once ({@link #DONE}) is followed by the
     * next in the same loop; one that waits is subscribed to, and its item goes on from there. Composing the
     * stages with Mutiny operators instead built and subscribed eight of them per request (about a twentieth of
     * the gateway's CPU per call, measured), for stages most of which are done at once.
     */
    private final class StageRun implements UniSubscriber<Void> {

        private final GatewayRequest request;
        private final Function<GatewayRequest, Uni<Void>> dispatch;
        private int next;

        StageRun(GatewayRequest request, Function<GatewayRequest, Uni<Void>> dispatch) {
            this.request = request;
            this.dispatch = dispatch;
        }

        void proceed() {
            while (next < STAGES) {
                Uni<Void> step;
                try {
                    step = stage(next++, request, dispatch);
                    if (step == null) {
                        throw new IllegalStateException("A gateway stage answered nothing");
                    }
                } catch (Throwable failure) {
                    exit.fail(request, failure);
                    return;
                }
                if (step != DONE) {
                    step.subscribe().withSubscriber(this);
                    return;
                }
            }
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {
        }

        @Override
        public void onItem(Void item) {
            proceed();
        }

        @Override
        public void onFailure(Throwable failure) {
            exit.fail(request, failure);
        }
    }

    /**
     * An MCP endpoint: {@code handler} (which runs the pipeline) for {@code method} at {@code path}, of the form
     * {@code /prefix/:parameter/suffix}, with the body read first when {@code readsBody}. What fails on the path outside
     * the pipeline's own chain (Quarkus security, Vert.x's body handler) goes to the same exit
     * ({@link FailureExit#routeFailed}), and Quarkus REST's per-request template naming is kept off it
     * ({@link RestObservabilityBypass}). Must be called while the router is set up (an {@code @Observes Router} method).
     */
    public void route(Router router, HttpMethod method, String path, boolean readsBody, Handler<RoutingContext> handler) {
        restBypass.cover(router, path);
        if (routes == null) {
            routes = new McpRoutes(exit::routeFailed, BodyHandler.create().setBodyLimit(maxBodySize.asLongValue()));
        }
        routes.add(router, method, path, readsBody, handler);
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

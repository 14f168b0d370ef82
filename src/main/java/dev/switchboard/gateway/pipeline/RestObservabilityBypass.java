package dev.switchboard.gateway.pipeline;

import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Keeps a piece of Quarkus REST's per-request work off the MCP paths. With metrics on, a filter of Quarkus REST that
 * runs on every route just after authentication names the request's REST template for the metrics whenever the
 * auth-failure handler is Quarkus's default one, and it builds the path mapper over every REST resource anew for
 * each request to do so (about 5% of the gateway's CPU per call in the profile, bench/README.md). It then swaps in a
 * handler that fails the route, so that REST exception mappers answer. The MCP paths are no REST resources and
 * answer their own failures ({@link FailureExit#routeFailed}); this handler, between the two filters, puts in the
 * same fail-the-route handler first, so the REST filter leaves the request alone and nothing else changes.
 * <p>
 * One route without a path, checking prefixes: a route with path parameters is matched by a regular expression on
 * every request to the server, which the profile showed too.
 */
final class RestObservabilityBypass implements Handler<RoutingContext> {

    /** Right after authentication, which puts the default handler; ties run in the order routes were added. */
    private static final int ORDER = -(SecurityHandlerPriorities.AUTHENTICATION - 1);

    private static final BiConsumer<RoutingContext, Throwable> FAIL_THE_ROUTE = (ctx, failure) -> {
        DefaultAuthFailureHandler.markIfOtherAuthenticationFailure(ctx, failure);
        if (!ctx.failed()) {
            ctx.fail(DefaultAuthFailureHandler.extractRootCause(failure));
        }
    };

    private final List<String> prefixes = new CopyOnWriteArrayList<>();

    static BiConsumer<RoutingContext, Throwable> failTheRoute() {
        return FAIL_THE_ROUTE;
    }

    /**
     * Covers an MCP path: the part before its first parameter. Must be called while the router is being set up (an
     * {@code @Observes Router} method), before Quarkus adds its filters.
     */
    void cover(Router router, String path) {
        if (prefixes.isEmpty()) {
            router.route().order(ORDER).handler(this);
        }
        int parameter = path.indexOf(':');
        String prefix = parameter < 0 ? path : path.substring(0, parameter);
        if (!prefixes.contains(prefix)) {
            prefixes.add(prefix);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, FAIL_THE_ROUTE);
                break;
            }
        }
        ctx.next();
    }
}

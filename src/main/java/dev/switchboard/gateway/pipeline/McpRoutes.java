package dev.switchboard.gateway.pipeline;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The routes of the MCP paths, matched without regular expressions. Vert.x Web matches a route whose path has a
 * parameter ({@code /v3/mcp/:serverId/mcp}) with a regular expression on every request that reaches it, and
 * URL-decodes the parameter through a general decoder: about 4% of the gateway's user-space CPU per call in the
 * profile (bench/README.md). Here the routes of the paths of one prefix ({@code /v3/mcp/}) are prefix routes, which
 * Vert.x matches with {@code startsWith}: the prefix's first finds the endpoint by the path's shape and method, sets
 * the path parameter as Vert.x would and reads the body of an endpoint that takes one; the next runs the endpoint found
 * (and names the request's route by the endpoint's template, for the HTTP metrics); a failure handler sends what fails
 * on such a path to the pipeline's exit. A request no endpoint matches passes through them all to the routes after, as before.
 */
final class McpRoutes {

    private static final String MATCHED = McpRoutes.class.getName() + ".matched";
    /** The path parameter Vert.x Web gives a route ending in {@code *}. */
    private static final String REST_OF_PATH = "*";

    private final Map<String, List<Endpoint>> byPrefix = new LinkedHashMap<>();
    private final Handler<RoutingContext> failures;
    private final BodyHandler bodies;

    McpRoutes(Handler<RoutingContext> failures, BodyHandler bodies) {
        this.failures = failures;
        this.bodies = bodies;
    }

    /** An endpoint at a path of the form {@code /prefix/:param/suffix}; must be called while the router is set up. */
    void add(Router router, HttpMethod method, String path, boolean readsBody, Handler<RoutingContext> handler) {
        PathTemplate template = PathTemplate.of(path);
        byPrefix.computeIfAbsent(template.prefix(), paths -> install(router, paths))
                .add(new Endpoint(method, path, template, readsBody, handler));
    }

    /**
     * The prefix's two routes: the first finds the endpoint and reads the body of one that takes it, the second runs
     * it. One route runs every endpoint of the prefix: a route per endpoint cost a match and a metrics update (Vert.x
     * reports each route a request passes to the HTTP metrics) for every endpoint before the one found.
     */
    private List<Endpoint> install(Router router, String prefix) {
        String paths = prefix + "*";
        List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
        router.route(paths).handler(ctx -> {
            Endpoint endpoint = match(ctx, endpoints);
            if (ctx.failed()) {
                return;
            }
            if (endpoint != null && endpoint.readsBody()) {
                bodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.route(paths).handler(ctx -> {
            Endpoint endpoint = ctx.get(MATCHED);
            if (endpoint == null) {
                ctx.next();
                return;
            }
            // Vert.x put the rest of the path there, as for any route ending in *; the parameters are the endpoint's own.
            ctx.pathParams().remove(REST_OF_PATH);
            // Quarkus's HTTP metrics tag a request with the last route it was routed to, a template by its parameter
            // (its own path would make a series per server or session).
            ctx.request().routed(endpoint.path());
            endpoint.handler().handle(ctx);
        });
        // Failures may come before the first route ran (Quarkus authenticates earlier), so the path is matched again.
        router.route(paths).failureHandler(ctx -> {
            String path = ctx.normalizedPath();
            if (endpoints.stream().anyMatch(endpoint -> endpoint.serves(path))) {
                failures.handle(ctx);
            } else {
                ctx.next();
            }
        });
        return endpoints;
    }

    /**
     * The endpoint of the request's path and method, its parameter set as Vert.x sets one; null when none, or failed:
     * 400 for a malformed escape, 405 (with {@code Allow}) for a path of the prefix's endpoints asked with another method.
     */
    private static Endpoint match(RoutingContext ctx, List<Endpoint> endpoints) {
        String path = ctx.normalizedPath();
        HttpMethod method = ctx.request().method();
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.method().equals(method)) {
                continue;
            }
            String value = endpoint.template().parameter(path);
            if (value == null) {
                continue;
            }
            String decoded = PathTemplate.decode(value);
            if (decoded == null) {
                ctx.fail(400, new IllegalArgumentException("Invalid escape in the path parameter " + endpoint.template().name()));
                return null;
            }
            ctx.pathParams().put(endpoint.template().name(), decoded);
            ctx.put(MATCHED, endpoint);
            return endpoint;
        }
        String allowed = endpoints.stream().filter(endpoint -> endpoint.serves(path))
                .map(endpoint -> endpoint.method().name()).distinct().collect(Collectors.joining(", "));
        if (!allowed.isEmpty()) {
            // An MCP URL asked with a method none of its endpoints takes (Vert.x would answer 404: no route of it matched).
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
            ctx.fail(405);
        }
        return null;
    }

    private record Endpoint(HttpMethod method, String path, PathTemplate template, boolean readsBody, Handler<RoutingContext> handler) {

        /** Whether a request's path is of this endpoint's template (whatever its method). */
        boolean serves(String path) {
            return template.parameter(path) != null;
        }
    }

    /** {@code prefix + value + suffix}, where the value is one non-empty path segment; a trailing slash is allowed, as Vert.x allows it. */
    record PathTemplate(String prefix, String name, String suffix) {

        static PathTemplate of(String path) {
            int colon = path.indexOf(':');
            int end = colon < 0 ? -1 : path.indexOf('/', colon);
            if (colon <= 0 || path.charAt(colon - 1) != '/' || end < 0 || path.indexOf(':', end) >= 0) {
                throw new IllegalArgumentException("Not a path of the form /prefix/:parameter/suffix: " + path);
            }
            return new PathTemplate(path.substring(0, colon), path.substring(colon + 1, end), path.substring(end));
        }

        /** The parameter's raw value in {@code path}, or null when the path is not of this template. */
        String parameter(String path) {
            if (path == null || !path.startsWith(prefix)) {
                return null;
            }
            int end = path.length();
            if (end > prefix.length() + 1 && path.charAt(end - 1) == '/') {
                end--;
            }
            int valueEnd = end - suffix.length();
            if (valueEnd <= prefix.length() || !path.startsWith(suffix, valueEnd)) {
                return null;
            }
            int slash = path.indexOf('/', prefix.length());
            return slash == valueEnd ? path.substring(prefix.length(), valueEnd) : null;
        }

        /** A parameter URL-decoded as Vert.x decodes one ({@code +} stays itself), or null when an escape is malformed. */
        static String decode(String value) {
            if (value.indexOf('%') < 0) {
                return value;
            }
            try {
                return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}

package dev.switchboard.gateway.pipeline;

import io.vertx.core.Handler;
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

/**
 * The routes of the MCP paths, matched without regular expressions. Vert.x Web matches a route whose path has a
 * parameter ({@code /v3/mcp/:serverId/mcp}) with a regular expression on every request that reaches it, and
 * URL-decodes the parameter through a general decoder: about 4% of the gateway's user-space CPU per call in the
 * profile (bench/README.md). Here the routes of the paths of one prefix ({@code /v3/mcp/}) are prefix routes, which
 * Vert.x matches with {@code startsWith}: the prefix's first finds the endpoint by the path's shape and method, sets
 * the path parameter as Vert.x would and reads the body of an endpoint that takes one; each endpoint's own route (its
 * method, named by its template) runs it when it is the one found; a failure handler sends what fails on such a path
 * to the pipeline's exit. A request no endpoint matches passes through them all to the routes after, as before.
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
        List<Endpoint> endpoints = byPrefix.get(template.prefix());
        if (endpoints == null) {
            endpoints = new CopyOnWriteArrayList<>();
            byPrefix.put(template.prefix(), endpoints);
            install(router, template.prefix(), endpoints);
        }
        Endpoint endpoint = new Endpoint(method, template, readsBody, handler);
        endpoints.add(endpoint);
        // Named by its template: Quarkus's HTTP metrics tag a request with the last route's name, and a name without
        // a parameter would make them tag it with the request's own path (a series per server or session).
        router.route(method, template.prefix() + "*").setName(path).handler(ctx -> {
            if (ctx.get(MATCHED) == endpoint) {
                // Vert.x put the rest of the path there, as for any route ending in *; the parameters are the endpoint's own.
                ctx.pathParams().remove(REST_OF_PATH);
                handler.handle(ctx);
            } else {
                ctx.next();
            }
        });
    }

    /** The prefix's first route: finds the endpoint, then reads the body of one that takes it, which goes on to the next route. */
    private void install(Router router, String prefix, List<Endpoint> endpoints) {
        String paths = prefix + "*";
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
        // Failures may come before the first route ran (Quarkus authenticates earlier), so the path is matched again.
        router.route(paths).failureHandler(ctx -> {
            String path = ctx.normalizedPath();
            if (endpoints.stream().anyMatch(endpoint -> endpoint.template().parameter(path) != null)) {
                failures.handle(ctx);
            } else {
                ctx.next();
            }
        });
    }

    /** The endpoint of the request's path and method, its parameter set as Vert.x sets one; null when none (or failed: 400). */
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
        return null;
    }

    private record Endpoint(HttpMethod method, PathTemplate template, boolean readsBody, Handler<RoutingContext> handler) {
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

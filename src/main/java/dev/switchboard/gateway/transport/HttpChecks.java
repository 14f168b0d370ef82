package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.common.problem.Problem;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.upstream.UpstreamClient;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The HTTP-level rules of Streamable HTTP, each answering the client itself when a request breaks one. */
final class HttpChecks {

    private HttpChecks() {
    }

    /** The client must accept both JSON and an event stream (406 otherwise). */
    static boolean acceptsJsonAndEventStream(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        if (accept != null && (accept.contains("application/json") || accept.contains("*/*"))
                && (accept.contains("text/event-stream") || accept.contains("*/*"))) {
            return true;
        }
        problem(ctx, 406, "Accept must list application/json and text/event-stream");
        return false;
    }

    /** A GET must accept an event stream (406 otherwise). */
    static boolean acceptsEventStream(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        if (accept != null && (accept.contains("text/event-stream") || accept.contains("*/*"))) {
            return true;
        }
        problem(ctx, 406, "Accept must list text/event-stream");
        return false;
    }

    /** The body must be JSON (415 otherwise). */
    static boolean sendsJson(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && contentType.toLowerCase().startsWith("application/json")) {
            return true;
        }
        problem(ctx, 415, "Content-Type must be application/json");
        return false;
    }

    /** A stated protocol version must be one the gateway speaks (400 otherwise). */
    static boolean supportedVersion(RoutingContext ctx) {
        String version = ctx.request().getHeader(McpHeaders.PROTOCOL_VERSION);
        if (version == null || ProtocolVersions.SUPPORTED.contains(version)) {
            return true;
        }
        problem(ctx, 400, "Unsupported MCP-Protocol-Version '" + version + "'; supported: " + ProtocolVersions.SUPPORTED);
        return false;
    }

    static void json(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    static void jsonRpcError(RoutingContext ctx, int status, JsonNode id, int code, String message) {
        json(ctx, status, JsonRpc.error(id, code, message));
    }

    static void problem(RoutingContext ctx, int status, String detail) {
        String title = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 406 -> "Not Acceptable";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 415 -> "Unsupported Media Type";
            case 502 -> "Bad Gateway";
            default -> "Error";
        };
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(Problem.of(status, title, detail, List.of())));
    }

    static void unauthorized(RoutingContext ctx, String challenge, String detail) {
        ctx.response().putHeader("WWW-Authenticate", challenge);
        problem(ctx, 401, detail);
    }
}

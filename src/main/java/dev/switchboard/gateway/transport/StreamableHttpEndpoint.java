package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.authconfig.crypto.SecretCipherProducer.Secrets;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.ToolCatalog;
import dev.switchboard.gateway.jsonrpc.JsonRpc;
import dev.switchboard.gateway.session.SealedSessionId;
import dev.switchboard.gateway.session.SealedSessionId.State;
import dev.switchboard.gateway.session.UpstreamHandshake;
import dev.switchboard.gateway.upstream.UpstreamClient;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * The Streamable HTTP endpoints of persistent MCP servers ({@code /v3/mcp/{serverId}/mcp?user_id=…}) and
 * of sessions ({@code /tool_router/{sessionId}/mcp}): authenticate, resolve the server or session, then answer {@code initialize} and {@code tools/list} by fanning out
 * to every upstream, and route {@code tools/call} to the owning upstream, piping its event stream back.
 */
@ApplicationScoped
public class StreamableHttpEndpoint {

    private static final Logger LOG = Logger.getLogger(StreamableHttpEndpoint.class);
    static final String SERVER_PATH = "/v3/mcp/:serverId/mcp";
    static final String SESSION_PATH = "/tool_router/:sessionId/mcp";

    /** Finds what a request addresses and for whom, or answers the client why not and yields null. */
    @FunctionalInterface
    interface CallResolver {
        Uni<GatewayCall> resolve(RoutingContext ctx);
    }

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @Inject
    GatewayCallResolver calls;

    @Inject
    OriginPolicy origins;

    @Inject
    ToolCallRelay toolCalls;

    @Inject
    UpstreamHandshake handshake;

    @Inject
    ToolCatalog catalog;

    @Inject
    UpstreamClient upstreams;

    @Inject
    Secrets secrets;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        install(router, SERVER_PATH, calls::serverCall);
        install(router, SESSION_PATH, calls::sessionCall);
    }

    private void install(Router router, String path, CallResolver resolver) {
        router.route(path).handler(ctx -> {
            if (origins.allows(ctx)) {
                ctx.next();
            }
        });
        router.post(path).handler(BodyHandler.create().setBodyLimit(maxBodySize.asLongValue())).handler(ctx -> post(ctx, resolver));
        router.delete(path).handler(ctx -> delete(ctx, resolver));
        router.get(path).handler(ctx -> ctx.response().setStatusCode(405).putHeader("Allow", "POST, DELETE").end());
    }

    private void post(RoutingContext ctx, CallResolver resolver) {
        if (!HttpChecks.acceptsJsonAndEventStream(ctx) || !HttpChecks.sendsJson(ctx) || !HttpChecks.supportedVersion(ctx)) {
            return;
        }
        JsonNode message;
        try {
            message = json.readTree(ctx.body().asString());
        } catch (IOException | RuntimeException e) {
            HttpChecks.jsonRpcError(ctx, 400, null, JsonRpc.PARSE_ERROR, "Parse error: the body is not JSON");
            return;
        }
        if (message == null || !message.isObject() || !"2.0".equals(message.path("jsonrpc").asText())) {
            HttpChecks.jsonRpcError(ctx, 400, null, JsonRpc.INVALID_REQUEST, "Invalid request: expected one JSON-RPC 2.0 message");
            return;
        }
        resolver.resolve(ctx).subscribe().with(call -> {
            if (call == null) {
                return;
            }
            if ("initialize".equals(message.path("method").asText())) {
                initialize(ctx, call, message);
            } else {
                State state = HttpChecks.session(ctx, call, secrets);
                if (state != null) {
                    dispatch(ctx, call, state, message);
                }
            }
        }, failure -> fail(ctx, failure));
    }

    private void delete(RoutingContext ctx, CallResolver resolver) {
        resolver.resolve(ctx).subscribe().with(call -> {
            if (call == null) {
                return;
            }
            State state = HttpChecks.session(ctx, call, secrets);
            if (state == null) {
                return;
            }
            Uni.join().all(state.upstreams().entrySet().stream().map(e -> {
                UpstreamTarget target = call.server().upstream(e.getKey());
                return target == null ? Uni.createFrom().voidItem()
                        : upstreams.delete(target, e.getValue().sessionId(), e.getValue().protocolVersion())
                                .onFailure().recoverWithNull();
            }).toList()).andCollectFailures().subscribe().with(
                    done -> ctx.response().setStatusCode(200).end(),
                    failure -> ctx.response().setStatusCode(200).end());
        }, failure -> fail(ctx, failure));
    }

    private void initialize(RoutingContext ctx, GatewayCall call, JsonNode message) {
        JsonNode params = message.path("params");
        String version = ProtocolVersions.negotiate(params.path("protocolVersion").asText(null));
        handshake.initializeAll(call.server(), params, version).subscribe().with(sessions -> {
            State state = new State(call.server().tenantId().value(), call.userId(), call.server().id(), version, sessions);
            ObjectNode result = JsonNodeFactory.instance.objectNode().put("protocolVersion", version);
            result.putObject("capabilities").putObject("tools").put("listChanged", false);
            result.putObject("serverInfo").put("name", "switchboard: " + call.server().name()).put("version", "0.1.0");
            ctx.response().putHeader(UpstreamClient.SESSION_HEADER, SealedSessionId.seal(secrets.require(), state));
            HttpChecks.json(ctx, 200, JsonRpc.result(message.get("id"), result));
        }, failure -> fail(ctx, failure));
    }

    private void dispatch(RoutingContext ctx, GatewayCall call, State state, JsonNode message) {
        ctx.response().putHeader(UpstreamClient.SESSION_HEADER, ctx.request().getHeader(UpstreamClient.SESSION_HEADER));
        if (!JsonRpc.isRequest(message)) {
            // Notifications and client responses: the upstream handshakes already sent notifications/initialized.
            ctx.response().setStatusCode(202).end();
            return;
        }
        JsonNode id = message.get("id");
        switch (message.path("method").asText()) {
            case "ping" -> HttpChecks.json(ctx, 200, JsonRpc.result(id, JsonNodeFactory.instance.objectNode()));
            case "tools/list" -> catalog.list(call.server(), state.upstreams()).subscribe().with(tools -> {
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                result.set("tools", tools);
                HttpChecks.json(ctx, 200, JsonRpc.result(id, result));
            }, failure -> fail(ctx, failure));
            case "tools/call" -> toolCalls.relay(ctx, call, state, (ObjectNode) message);
            default -> HttpChecks.json(ctx, 200, JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND,
                    "Method not found: " + message.path("method").asText()));
        }
    }











    private void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof AuthenticationFailedException) {
            calls.unauthorized(ctx, failure.getMessage() == null ? "The credentials are not valid" : failure.getMessage());
            return;
        }
        LOG.error("MCP request failed", failure);
        if (!ctx.response().headWritten()) {
            HttpChecks.jsonRpcError(ctx, 500, null, JsonRpc.INTERNAL_ERROR, "Internal error");
        }
    }

}

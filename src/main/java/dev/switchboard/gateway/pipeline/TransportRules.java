package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.problem.InputErrors;
import dev.switchboard.gateway.protocol.EncodedRequest;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.protocol.MessageReader;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.protocol.StatelessRequests;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;

/**
 * The first stage: the HTTP rules of the client's MCP transport (Host and Origin, Accept, Content-Type,
 * the protocol version; at 2026-07-28 the headers that mirror the body), and the body parsed, once, into
 * one JSON-RPC message.
 */
@ApplicationScoped
public class TransportRules {

    private static final int MAX_USER_ID = 255;
    private static final String PARSED_BODY = "switchboard.parsed-body";

    /** The message and, for a plain request, the body it was read from, kept so that a relay may write those bytes on. */
    private record ParsedBody(ObjectNode message, EncodedRequest request) {
    }

    @Inject
    OriginPolicy origins;

    @Inject
    ObjectMapper json;

    private MessageReader reader;

    @PostConstruct
    void createReader() {
        reader = new MessageReader(json);
    }

    public void check(GatewayRequest request) {
        RoutingContext ctx = request.ctx();
        origins.check(ctx);
        parameters(ctx);
        switch (request.entry()) {
            case STREAMABLE_MESSAGE -> {
                accepts(ctx, "application/json", "text/event-stream");
                sendsJson(ctx);
                request.message(parse(ctx));
                supportedMessageVersion(ctx);
            }
            case STATELESS_MESSAGE -> {
                accepts(ctx, "application/json", "text/event-stream");
                sendsJson(ctx);
                request.message(parse(ctx));
                selfDescribing(ctx, request.message());
            }
            case STREAMABLE_STREAM -> {
                accepts(ctx, "text/event-stream");
                supportedVersion(ctx);
            }
            case STREAMABLE_END -> supportedVersion(ctx);
            case LEGACY_STREAM -> accepts(ctx, "text/event-stream");
            case LEGACY_MESSAGE -> {
                sendsJson(ctx);
                request.message(parse(ctx));
            }
        }
    }

    /**
     * Path and query parameters as the REST API takes them: no NUL (PostgreSQL cannot compare such text), and
     * a {@code user_id} that fits where users are stored.
     */
    private static void parameters(RoutingContext ctx) {
        ctx.pathParams().forEach((name, value) -> {
            if (InputErrors.hasNul(value)) {
                throw Refusal.of(400, name + ": " + InputErrors.NUL);
            }
        });
        ctx.queryParams().forEach((name, value) -> {
            if (InputErrors.hasNul(name) || InputErrors.hasNul(value)) {
                throw Refusal.of(400, name + ": " + InputErrors.NUL);
            }
        });
        String userId = ctx.queryParams().get("user_id");
        if (userId != null && userId.length() > MAX_USER_ID) {
            throw Refusal.of(400, "user_id: must be at most " + MAX_USER_ID + " characters");
        }
    }

    /** The client must accept every one of these media types (406 otherwise). */
    private static void accepts(RoutingContext ctx, String... mediaTypes) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        for (String mediaType : mediaTypes) {
            if (accept == null || !accept.contains(mediaType) && !accept.contains("*/*")) {
                throw Refusal.of(406, "Accept must list " + String.join(" and ", mediaTypes));
            }
        }
    }

    private static void sendsJson(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw Refusal.of(415, "Content-Type must be application/json");
        }
    }

    /**
     * A message's stated protocol version must be one the gateway speaks; else, as 2026-07-28 asks (and a
     * client of any revision can read), a JSON-RPC error listing the versions it does speak.
     */
    private static void supportedMessageVersion(RoutingContext ctx) {
        String version = ctx.request().getHeader(McpHeaders.PROTOCOL_VERSION);
        if (version != null && !ProtocolVersions.SUPPORTED.contains(version)) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            ProtocolVersions.ALL.forEach(data.putArray("supported")::add);
            data.put("requested", version);
            throw Refusal.badMessage(StatelessRequests.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version '" + version
                    + "'; supported: " + ProtocolVersions.ALL, data);
        }
    }

    /** A stated protocol version must be one the gateway speaks. */
    private static void supportedVersion(RoutingContext ctx) {
        String version = ctx.request().getHeader(McpHeaders.PROTOCOL_VERSION);
        if (version != null && !ProtocolVersions.SUPPORTED.contains(version)) {
            throw Refusal.of(400, "Unsupported MCP-Protocol-Version '" + version + "'; supported: " + ProtocolVersions.SUPPORTED);
        }
    }

    /**
     * A 2026-07-28 message: a request or a notification (a client sends no responses in this revision),
     * whose mirrored headers agree with its body (-32020 otherwise).
     */
    private static void selfDescribing(RoutingContext ctx, ObjectNode message) {
        if (JsonRpc.isResponse(message)) {
            throw Refusal.badMessage(JsonRpc.INVALID_REQUEST, "Invalid request: a client sends no responses in "
                    + ProtocolVersions.STATELESS);
        }
        String invalid = StatelessRequests.invalidMeta(message);
        if (invalid != null) {
            throw Refusal.badMessage(JsonRpc.INVALID_PARAMS, "Invalid params: " + invalid);
        }
        String mismatch = StatelessRequests.headerMismatch(ctx.request().getHeader(McpHeaders.PROTOCOL_VERSION),
                ctx.request().getHeader(McpHeaders.METHOD), ctx.request().getHeader(McpHeaders.NAME), message);
        if (mismatch != null) {
            throw Refusal.badMessage(StatelessRequests.HEADER_MISMATCH, mismatch);
        }
    }

    /**
     * {@code message} as the client sent it, when it is this request's body (not a message rewritten, nor one handed
     * over from another replica) and a plain request ({@link EncodedRequest}); else null.
     */
    public static EncodedRequest sentAs(RoutingContext ctx, ObjectNode message) {
        return ctx != null && ctx.get(PARSED_BODY) instanceof ParsedBody parsed && parsed.message() == message ? parsed.request() : null;
    }

    private ObjectNode parse(RoutingContext ctx) {
        MessageReader.Read read;
        try {
            Buffer body = ctx.body().buffer();
            if (body == null) {
                throw new IOException("no body");
            }
            read = reader.read(body.getBytes());
        } catch (IOException | RuntimeException e) {
            throw Refusal.badMessage(JsonRpc.PARSE_ERROR, "Parse error: the body is not JSON");
        }
        JsonNode message = read.tree();
        String invalid = message == null ? "the body is empty" : JsonRpc.invalidReason(message);
        if (invalid != null) {
            throw Refusal.badMessage(JsonRpc.INVALID_REQUEST, "Invalid request: " + invalid);
        }
        ctx.put(PARSED_BODY, new ParsedBody((ObjectNode) message, read.request()));
        return (ObjectNode) message;
    }
}

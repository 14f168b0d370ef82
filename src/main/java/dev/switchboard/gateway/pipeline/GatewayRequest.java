package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.GatewayCall;
import dev.switchboard.gateway.SsoToken;
import dev.switchboard.gateway.ToolRouterGrant;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.identity.Principal;
import io.vertx.ext.web.RoutingContext;

/**
 * One client request on its way through the {@link GatewayPipeline}, filled in stage by stage: the
 * message (parsed once, by the transport rules), who called, what it addresses and for whom, and where
 * its answer goes once the entry knows.
 */
public final class GatewayRequest {

    private final RoutingContext ctx;
    private final McpEntry entry;
    private ObjectNode message;
    private Principal principal;
    private ToolRouterGrant grant;
    private SsoToken ssoToken;
    private GatewayCall call;
    private ClientReply reply;

    public GatewayRequest(RoutingContext ctx, McpEntry entry) {
        this.ctx = ctx;
        this.entry = entry;
    }

    /** A legacy SSE message another replica received and handed to this one, which holds the session's stream. */
    public static GatewayRequest handedOver(RoutingContext streamCtx, ObjectNode message) {
        GatewayRequest request = new GatewayRequest(streamCtx, McpEntry.LEGACY_MESSAGE);
        request.message = message;
        return request;
    }

    public RoutingContext ctx() {
        return ctx;
    }

    public McpEntry entry() {
        return entry;
    }

    /** The JSON-RPC message of a POST, or null. */
    public ObjectNode message() {
        return message;
    }

    void message(ObjectNode message) {
        this.message = message;
    }

    /** The message's id when it is a request (or a response), else null. */
    public JsonNode messageId() {
        return message == null ? null : message.get("id");
    }

    /** Who called with an API key or an SSO token; null when the caller used a session's own token. */
    public Principal principal() {
        return principal;
    }

    void principal(Principal principal) {
        this.principal = principal;
    }

    /** The SSO token of a user who called with one; null for an API key or a session token. */
    public SsoToken ssoToken() {
        return ssoToken;
    }

    void ssoToken(SsoToken ssoToken) {
        this.ssoToken = ssoToken;
    }

    /** The tool-router session a session token speaks for, or null. */
    public ToolRouterGrant grant() {
        return grant;
    }

    void grant(ToolRouterGrant grant) {
        this.grant = grant;
    }

    /** What the request addresses and for whom: set by {@link Resolution}. */
    public GatewayCall call() {
        return call;
    }

    void call(GatewayCall call) {
        this.call = call;
    }

    /** Where the answer goes, once the entry has one; the failure exit answers there after the response started. */
    public ClientReply reply() {
        return reply;
    }

    public void reply(ClientReply reply) {
        this.reply = reply;
    }
}

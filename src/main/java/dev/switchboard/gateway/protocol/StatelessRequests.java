package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * The request side of MCP 2026-07-28, with no I/O: what a self-describing request carries in its
 * {@code _meta}, and whether the headers it mirrors ({@code MCP-Protocol-Version}, {@code Mcp-Method},
 * {@code Mcp-Name}) agree with its body. The body is what the gateway acts on; the headers are checked so
 * that an intermediary routing on them cannot be told one thing while the gateway does another.
 */
public final class StatelessRequests {

    /** The JSON-RPC error of a request whose headers are missing or disagree with its body (HTTP 400). */
    public static final int HEADER_MISMATCH = -32020;
    /** The JSON-RPC error of a request stating a protocol version the gateway does not serve (HTTP 400). */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    /** The least severe log level a request wants log messages of while it runs (none when absent). */
    public static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    /** The prefix of every key the protocol itself puts in {@code _meta}. */
    private static final String PROTOCOL_META_PREFIX = "io.modelcontextprotocol/";
    private static final String BASE64_START = "=?base64?";
    private static final String BASE64_END = "?=";

    private StatelessRequests() {
    }

    /**
     * Why a request's headers do not agree with its body, or null when they do: the protocol version
     * header must equal the body's {@code _meta} version, {@code Mcp-Method} the method, and for a request
     * that addresses a tool, prompt or resource, {@code Mcp-Name} (decoded when Base64-encoded) its name
     * or URI. Notifications carry no required headers in this revision.
     */
    public static String headerMismatch(String protocolVersion, String method, String name, ObjectNode message) {
        if (!JsonRpc.isRequest(message)) {
            return null;
        }
        String bodyMethod = message.path("method").asText();
        JsonNode params = message.path("params");
        String bodyVersion = params.path("_meta").path(META_PROTOCOL_VERSION).asText(null);
        if (!Objects.equals(bodyVersion, protocolVersion)) {
            return mismatch(McpHeaders.PROTOCOL_VERSION, protocolVersion, bodyVersion);
        }
        if (method == null) {
            return McpHeaders.METHOD + " header is required";
        }
        if (!method.equals(bodyMethod)) {
            return mismatch(McpHeaders.METHOD, method, bodyMethod);
        }
        String nameField = nameField(bodyMethod);
        if (nameField == null) {
            return null;
        }
        String bodyName = params.path(nameField).asText(null);
        if (name == null) {
            return McpHeaders.NAME + " header is required for " + bodyMethod;
        }
        String decoded = decode(name);
        if (decoded == null) {
            return McpHeaders.NAME + " header is not valid Base64";
        }
        return decoded.equals(bodyName) ? null : mismatch(McpHeaders.NAME, name, bodyName);
    }

    /**
     * Why a request does not describe itself as this revision asks, or null when it does: its
     * {@code _meta} must state the protocol version and the client's capabilities (an object, empty when it
     * has none). Answered as invalid params, before the headers are compared with the body.
     */
    public static String invalidMeta(ObjectNode message) {
        if (!JsonRpc.isRequest(message)) {
            return null;
        }
        JsonNode meta = message.path("params").path("_meta");
        if (!meta.isObject()) {
            return "params._meta is required";
        }
        if (!meta.path(META_PROTOCOL_VERSION).isTextual()) {
            return "params._meta." + META_PROTOCOL_VERSION + " is required";
        }
        if (!meta.path(META_CLIENT_CAPABILITIES).isObject()) {
            return "params._meta." + META_CLIENT_CAPABILITIES + " is required (an object)";
        }
        return null;
    }

    /** The params field {@code Mcp-Name} mirrors for a method, or null when the method needs no such header. */
    static String nameField(String method) {
        return switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
    }

    /** A header value as sent: plain, or {@code =?base64?…?=}; null when the Base64 inside does not decode. */
    static String decode(String value) {
        if (value.length() >= BASE64_START.length() + BASE64_END.length()
                && value.startsWith(BASE64_START) && value.endsWith(BASE64_END)) {
            try {
                return new String(Base64.getDecoder().decode(
                        value.substring(BASE64_START.length(), value.length() - BASE64_END.length())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return value;
    }

    /**
     * A copy of a request for an upstream: the protocol's own {@code _meta} keys (version, client info and
     * capabilities, which the gateway's upstream session already settled, or which a 2026-07-28 upstream is
     * told again) taken out, the rest (a progress token, the client's own keys) kept. A retry reaches this
     * only when it is for a 2026-07-28 upstream, whose {@code requestState} and {@code inputResponses} it keeps;
     * the gateway consumes its own ({@code PendingInputCalls}).
     */
    public static ObjectNode forSessionUpstream(ObjectNode request) {
        ObjectNode copy = request.deepCopy();
        JsonNode meta = copy.path("params").path("_meta");
        if (meta instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                if (fields.next().getKey().startsWith(PROTOCOL_META_PREFIX)) {
                    fields.remove();
                }
            }
            if (object.isEmpty()) {
                ((ObjectNode) copy.get("params")).remove("_meta");
            }
        }
        return copy;
    }

    /**
     * A request as a 2026-07-28 upstream takes it: {@code _meta} stating this revision, and the client's info
     * and capabilities unless the request already states them.
     */
    public static ObjectNode enveloped(ObjectNode request, JsonNode clientInfo, JsonNode clientCapabilities) {
        ObjectNode copy = request.deepCopy();
        ObjectNode params = copy.get("params") instanceof ObjectNode existing ? existing : copy.putObject("params");
        ObjectNode meta = params.get("_meta") instanceof ObjectNode existing ? existing : params.putObject("_meta");
        meta.put(META_PROTOCOL_VERSION, ProtocolVersions.STATELESS);
        if (!meta.path(META_CLIENT_INFO).isObject() && clientInfo != null && clientInfo.isObject()) {
            meta.set(META_CLIENT_INFO, clientInfo.deepCopy());
        }
        if (!meta.path(META_CLIENT_CAPABILITIES).isObject()) {
            meta.set(META_CLIENT_CAPABILITIES, clientCapabilities != null && clientCapabilities.isObject()
                    ? clientCapabilities.deepCopy() : copy.objectNode());
        }
        return copy;
    }

    /**
     * The {@code Mcp-Name} header a request must carry (its tool or prompt name, or resource URI), Base64-encoded
     * when it is not plain visible ASCII; null when its method needs none.
     */
    public static String nameHeader(ObjectNode request) {
        String field = nameField(request.path("method").asText());
        String name = field == null ? null : request.path("params").path(field).asText(null);
        if (name == null) {
            return null;
        }
        boolean plain = !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        return plain ? name
                : BASE64_START + Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)) + BASE64_END;
    }

    private static String mismatch(CharSequence header, String headerValue, String bodyValue) {
        return "Header mismatch: " + header + " header value '" + headerValue + "' does not match body value '" + bodyValue + "'";
    }
}

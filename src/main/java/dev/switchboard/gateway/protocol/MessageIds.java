package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.UUID;

/**
 * How ids cross the gateway. Every mapping is self-describing rather than kept in a table, so any
 * replica can map back what another replica mapped:
 * <ul>
 * <li>a client's request id (and progress token) goes upstream as {@code "c:" + its JSON}, which cannot
 * collide with the gateway's own requests on the same upstream session ({@code "g:…"});</li>
 * <li>an upstream's request to the client (sampling, elicitation, roots) reaches the client as
 * {@code "s:" + slug + ":" + its JSON}, so the client's answer finds its way back to that upstream;</li>
 * <li>a request the gateway itself sends the client (a connection tool's URL elicitation) has a
 * {@code "g:…"} id too, so the client's answer stays in the gateway;</li>
 * <li>an upstream's SSE event id reaches the client as {@code slug + "/" + id}, so a client resuming a
 * stream with {@code Last-Event-ID} is sent to the upstream that can replay it.</li>
 * </ul>
 */
public final class MessageIds {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "c:";
    private static final String SERVER = "s:";
    private static final String GATEWAY = "g:";

    /** An upstream's request to the client, and the slug of that upstream. */
    public record UpstreamRequestId(String slug, JsonNode id) {
    }

    /** An SSE event id of one upstream. */
    public record UpstreamEventId(String slug, String id) {
    }

    private MessageIds() {
    }

    public static JsonNode clientToUpstream(JsonNode clientId) {
        // An integer's JSON is its text; writing it through Jackson cost more than the rest of the mapping.
        return TextNode.valueOf(CLIENT + (clientId.canConvertToLong() && clientId.isIntegralNumber()
                ? clientId.asText() : clientId.toString()));
    }

    /** The client's id behind an upstream id, or null when the id is not a client's. */
    public static JsonNode upstreamToClient(JsonNode upstreamId) {
        if (upstreamId == null || !upstreamId.isTextual() || !upstreamId.textValue().startsWith(CLIENT)) {
            return null;
        }
        String text = upstreamId.textValue().substring(CLIENT.length());
        Long integer = integer(text);
        if (integer != null) {
            // As Jackson reads it: an int when it fits one, so that it equals the client's own id node.
            return integer == integer.intValue() ? IntNode.valueOf(integer.intValue()) : LongNode.valueOf(integer);
        }
        return parse(text);
    }

    /** The value of a plain decimal integer ("-?[0-9]+" without leading zeros, up to 18 digits), else null. */
    private static Long integer(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        int digits = text.length() - start;
        if (digits < 1 || digits > 18 || digits > 1 && text.charAt(start) == '0') {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return Long.parseLong(text);
    }

    public static JsonNode gateway(String purpose) {
        return TextNode.valueOf(GATEWAY + purpose);
    }

    /**
     * A new id for a request the gateway itself sends the client, whose answer any replica may receive: random, and
     * short enough (34 characters) to be announced under it through the replica hand-off.
     */
    public static JsonNode newGatewayRequest() {
        return gateway(UUID.randomUUID().toString().replace("-", ""));
    }

    /** Whether a client's response answers a request the gateway itself sent (see {@link #gateway}). */
    public static boolean isGateway(JsonNode clientSideId) {
        return clientSideId != null && clientSideId.isTextual() && clientSideId.textValue().startsWith(GATEWAY);
    }

    public static JsonNode upstreamRequestToClient(String slug, JsonNode upstreamId) {
        return TextNode.valueOf(SERVER + slug + ":" + upstreamId.toString());
    }

    /** The upstream request a client's response answers, or null when the id is not one the gateway made. */
    public static UpstreamRequestId clientResponseToUpstream(JsonNode clientSideId) {
        if (clientSideId == null || !clientSideId.isTextual() || !clientSideId.textValue().startsWith(SERVER)) {
            return null;
        }
        String rest = clientSideId.textValue().substring(SERVER.length());
        int colon = rest.indexOf(':');
        JsonNode id = colon <= 0 ? null : parse(rest.substring(colon + 1));
        return id == null ? null : new UpstreamRequestId(rest.substring(0, colon), id);
    }

    public static String eventIdToClient(String slug, String upstreamEventId) {
        return slug + "/" + upstreamEventId;
    }

    /** The upstream and its event id behind a client's {@code Last-Event-ID}, or null when it is not one. */
    public static UpstreamEventId eventIdFromClient(String lastEventId) {
        int slash = lastEventId == null ? -1 : lastEventId.indexOf('/');
        return slash <= 0 ? null : new UpstreamEventId(lastEventId.substring(0, slash), lastEventId.substring(slash + 1));
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && (node.isTextual() || node.isNumber()) ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

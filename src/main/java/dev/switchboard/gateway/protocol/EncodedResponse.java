package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An upstream's JSON response to a client's request, relayed as the upstream encoded it with only its id changed:
 * the body is read token by token (every byte of it checked as JSON) but no tree is built, and the client's id
 * takes the place of the gateway's in the same bytes. Parsing the answer into a tree and writing it out again cost
 * about a twentieth of the gateway's CPU per tool call (profiled), and more the larger the result.
 * <p>
 * Only a plain response is taken: one JSON object with one string id the gateway gave a client's request
 * ({@link MessageIds}), a {@code result} or an {@code error}, no {@code method}, nothing after it. Anything else is
 * left to the tree ({@link #of} answers null), as is a result with {@code contents} when the server renames resource
 * URIs.
 */
public final class EncodedResponse {

    private final byte[] bytes;
    private final JsonNode clientId;
    private final ResponseOutcome outcome;

    private EncodedResponse(byte[] bytes, JsonNode clientId, ResponseOutcome outcome) {
        this.bytes = bytes;
        this.clientId = clientId;
        this.outcome = outcome;
    }

    /** The response for the client, or null when this body is not one to relay so (see the class). */
    public static EncodedResponse of(JsonFactory json, byte[] body, boolean urisRenamed) {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            long idStart = -1;
            long idEnd = -1;
            String upstreamId = null;
            boolean result = false;
            boolean error = false;
            boolean toolError = false;
            for (JsonToken field = parser.nextToken(); field != JsonToken.END_OBJECT; field = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> {
                        if (upstreamId != null || value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        idStart = parser.currentTokenLocation().getByteOffset();
                        upstreamId = parser.getText();
                        idEnd = parser.currentLocation().getByteOffset();
                    }
                    case "result" -> {
                        if (result) {
                            return null;
                        }
                        result = true;
                        if (value == JsonToken.START_OBJECT) {
                            Boolean isError = resultFields(parser, urisRenamed);
                            if (isError == null) {
                                return null;
                            }
                            toolError = isError;
                        }
                    }
                    case "error" -> {
                        if (error) {
                            return null;
                        }
                        error = true;
                        parser.skipChildren();
                    }
                    case "method" -> {
                        return null;
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null || upstreamId == null || result == error) {
                return null;
            }
            JsonNode clientId = MessageIds.upstreamToClient(TextNode.valueOf(upstreamId));
            if (clientId == null) {
                return null;
            }
            return new EncodedResponse(withId(body, (int) idStart, (int) idEnd, clientId), clientId,
                    error ? ResponseOutcome.ERROR : toolError ? ResponseOutcome.TOOL_ERROR : ResponseOutcome.RESULT);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /**
     * Reads a result object's fields: true when {@code isError} is true, null when its {@code contents} must be
     * renamed (the tree does that) or a field repeats {@code isError}.
     */
    private static Boolean resultFields(JsonParser parser, boolean urisRenamed) throws IOException {
        Boolean isError = null;
        for (JsonToken field = parser.nextToken(); field != JsonToken.END_OBJECT; field = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("isError".equals(name)) {
                if (isError != null) {
                    return null;
                }
                isError = value == JsonToken.VALUE_TRUE;
            } else if ("contents".equals(name) && urisRenamed) {
                return null;
            }
            parser.skipChildren();
        }
        return Boolean.TRUE.equals(isError);
    }

    private static byte[] withId(byte[] body, int idStart, int idEnd, JsonNode clientId) {
        // An integer id's JSON is its text; writing it through Jackson's serializer cost more than the scan.
        String json = clientId.isIntegralNumber() ? clientId.asText() : clientId.toString();
        return ByteSplice.apply(body, List.of(new ByteSplice.Range(idStart, idEnd, json.getBytes(StandardCharsets.UTF_8))));
    }

    /** The response as the client gets it, in UTF-8. */
    public byte[] bytes() {
        return bytes;
    }

    /** The client's id of the request it answers. */
    public JsonNode clientId() {
        return clientId;
    }

    public ResponseOutcome outcome() {
        return outcome;
    }
}

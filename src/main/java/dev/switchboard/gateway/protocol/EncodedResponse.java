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
    /** Its result object when that says no {@code resultType} (in {@link #bytes}), else null. */
    private final ResultObject untyped;

    /** A result object without {@code resultType}: where its members start, and whether it has any. */
    private record ResultObject(int membersStart, boolean empty) {
    }

    private EncodedResponse(byte[] bytes, JsonNode clientId, ResponseOutcome outcome, ResultObject untyped) {
        this.bytes = bytes;
        this.clientId = clientId;
        this.outcome = outcome;
        this.untyped = untyped;
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
            ResultObject untyped = null;
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
                            int membersStart = (int) parser.currentTokenLocation().getByteOffset() + 1;
                            ResultFields fields = resultFields(parser, urisRenamed);
                            if (fields == null) {
                                return null;
                            }
                            toolError = fields.isError();
                            untyped = fields.typed() ? null : new ResultObject(membersStart, fields.empty());
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
            ByteSplice.Range id = idRange((int) idStart, (int) idEnd, clientId);
            if (untyped != null && id.start() < untyped.membersStart()) {
                // Where the result's members start once the id before them is the client's.
                untyped = new ResultObject(untyped.membersStart() + id.json().length - (id.end() - id.start()), untyped.empty());
            }
            return new EncodedResponse(ByteSplice.apply(body, List.of(id)), clientId,
                    error ? ResponseOutcome.ERROR : toolError ? ResponseOutcome.TOOL_ERROR : ResponseOutcome.RESULT, untyped);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    /** What the relay needs of a result object's members. */
    private record ResultFields(boolean isError, boolean typed, boolean empty) {
    }

    /**
     * Reads a result object's fields: whether {@code isError} is true and whether it says its {@code resultType};
     * null when its {@code contents} must be renamed (the tree does that) or a field repeats {@code isError}.
     */
    private static ResultFields resultFields(JsonParser parser, boolean urisRenamed) throws IOException {
        Boolean isError = null;
        boolean typed = false;
        boolean empty = true;
        for (JsonToken field = parser.nextToken(); field != JsonToken.END_OBJECT; field = parser.nextToken()) {
            empty = false;
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("isError".equals(name)) {
                if (isError != null) {
                    return null;
                }
                isError = value == JsonToken.VALUE_TRUE;
            } else if ("resultType".equals(name)) {
                typed = true;
            } else if ("contents".equals(name) && urisRenamed) {
                return null;
            }
            parser.skipChildren();
        }
        return new ResultFields(Boolean.TRUE.equals(isError), typed, empty);
    }

    private static ByteSplice.Range idRange(int idStart, int idEnd, JsonNode clientId) {
        // An integer id's JSON is its text; writing it through Jackson's serializer cost more than the scan.
        String json = clientId.isIntegralNumber() ? clientId.asText() : clientId.toString();
        return new ByteSplice.Range(idStart, idEnd, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * This response with its result saying its {@code resultType} (2026-07-28: every result does), written in its
     * bytes as the first member of the result object; itself when it has no result object or the result says its
     * type already.
     */
    public EncodedResponse typed(String resultType) {
        if (untyped == null) {
            return this;
        }
        byte[] member = ("\"resultType\":" + TextNode.valueOf(resultType) + (untyped.empty() ? "" : ","))
                .getBytes(StandardCharsets.UTF_8);
        int at = untyped.membersStart();
        return new EncodedResponse(ByteSplice.apply(bytes, List.of(new ByteSplice.Range(at, at, member))), clientId, outcome, null);
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

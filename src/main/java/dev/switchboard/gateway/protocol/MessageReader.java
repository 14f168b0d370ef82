package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads a client's message once: its tree, node for node the one the application's {@link ObjectMapper#readTree}
 * gives (the same node classes, the last of a repeated field kept where the first stood, nothing read after the
 * first value, a body without one a missing node), and, for a request plain enough to be written from its bytes,
 * where its id, name and progress token stand in them ({@link EncodedRequest}). The mapper's own read, followed by
 * a second pass for those places, cost about twice as much per tool call (profiled).
 * <p>
 * A mapper configured to read trees otherwise (big decimals for floats, longs for ints, failing on repeated or
 * trailing fields, dropping null fields) reads every message itself, and no request is written from its bytes.
 */
public final class MessageReader {

    /** Where a value stands, as far as a plain request's places go. */
    private enum Scope { ROOT, PARAMS, META, OTHER }

    /** A message as read: its tree, and the request as sent when it is plain (see {@link EncodedRequest}), else null. */
    public record Read(JsonNode tree, EncodedRequest request) {
    }

    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final JsonNodeFactory nodes;
    private final boolean readsAsMapper;

    public MessageReader(ObjectMapper mapper) {
        this.mapper = mapper;
        this.factory = mapper.getFactory();
        DeserializationConfig config = mapper.getDeserializationConfig();
        this.nodes = config.getNodeFactory();
        this.readsAsMapper = !config.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                && !config.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                && !config.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                && !config.isEnabled(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                && !config.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                && config.isEnabled(JsonNodeFeature.READ_NULL_PROPERTIES);
    }

    /** Fails as the mapper would on a body that is not JSON. */
    public Read read(byte[] body) throws IOException {
        if (!readsAsMapper) {
            return new Read(mapper.readTree(body), null);
        }
        try (JsonParser parser = factory.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Read(nodes.missingNode(), null);
            }
            EncodedRequest.Places places = first == JsonToken.START_OBJECT ? new EncodedRequest.Places() : null;
            JsonNode tree = value(parser, first, places, Scope.ROOT);
            return new Read(tree, places == null || !nothingAfter(parser) ? null : places.request(body));
        }
    }

    private JsonNode value(JsonParser parser, JsonToken token, EncodedRequest.Places places, Scope scope) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser, places, scope);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            // JSON's parser gives no float type of its own: the mapper reads every float as a double.
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new IOException("Unexpected token " + token);
        };
    }

    private ObjectNode object(JsonParser parser, EncodedRequest.Places places, Scope scope) throws IOException {
        ObjectNode object = nodes.objectNode();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            Scope inner = scope == Scope.OTHER ? Scope.OTHER : place(parser, places, scope, name, token);
            object.replace(name, value(parser, token, places, inner));
        }
        return object;
    }

    private ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode array = nodes.arrayNode();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            array.add(value(parser, token, null, Scope.OTHER));
        }
        return array;
    }

    /** Notes a field of the request's own (or of its params or their _meta) in places; the scope of its value. */
    private static Scope place(JsonParser parser, EncodedRequest.Places places, Scope scope, String name, JsonToken token)
            throws IOException {
        switch (scope) {
            case ROOT -> {
                switch (name) {
                    case "id" -> places.id(parser, token);
                    case "params" -> {
                        places.params(token);
                        return token == JsonToken.START_OBJECT ? Scope.PARAMS : Scope.OTHER;
                    }
                    case "method" -> places.once(EncodedRequest.Places.METHOD);
                    case "jsonrpc" -> places.once(EncodedRequest.Places.JSONRPC);
                    default -> {
                    }
                }
            }
            case PARAMS -> {
                switch (name) {
                    case "name" -> places.name(parser, token);
                    case "arguments" -> places.once(EncodedRequest.Places.ARGUMENTS);
                    case "_meta" -> {
                        places.once(EncodedRequest.Places.META);
                        return token == JsonToken.START_OBJECT ? Scope.META : Scope.OTHER;
                    }
                    default -> {
                    }
                }
            }
            case META -> {
                if ("progressToken".equals(name)) {
                    places.progressToken(parser, token);
                }
            }
            default -> {
            }
        }
        return Scope.OTHER;
    }

    /** Whether the body ends with its message (the mapper reads no further; a request written in place must). */
    private static boolean nothingAfter(JsonParser parser) {
        try {
            return parser.nextToken() == null;
        } catch (IOException notJson) {
            return false;
        }
    }
}

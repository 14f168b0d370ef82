package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's {@code tools/call} or {@code prompts/get} as an upstream gets it, written from the bytes the client
 * sent: its id, the tool's or prompt's name and its progress token replaced in place, everything else (a tool's
 * arguments above all) as the client encoded it. Copying the parsed request and writing the copy out again cost
 * about a thirtieth of the gateway's CPU per tool call (profiled); finding the offsets costs less, and the gap grows
 * with the arguments, which are skipped here rather than written (bench/micro/RequestWriting.java: 5x at 10 KB).
 * <p>
 * Only a plain request is taken: one JSON object, a string or integer {@code id}, an object {@code params} with a
 * string {@code name} and at most a string or integer {@code _meta.progressToken}, none of those (nor
 * {@code method}, {@code jsonrpc}, {@code arguments}) repeated, nothing after it. For anything else {@link #forUpstream}
 * answers null and the caller writes the message from its tree.
 */
public final class EncodedRequest {

    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

    private EncodedRequest() {
    }

    /**
     * The request for the upstream, in UTF-8, or null (see the class). {@code upstreamId} and {@code upstreamName} are
     * written for the id and the name; {@code upstreamProgressToken} for the progress token, which the body must
     * hold when it is given and must not (or hold null) when it is null.
     */
    public static byte[] forUpstream(JsonFactory json, byte[] body, String upstreamId, String upstreamName,
            String upstreamProgressToken) {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<ByteSplice.Range> replaced = new ArrayList<>(3);
            boolean id = false;
            boolean params = false;
            boolean method = false;
            boolean jsonrpc = false;
            for (JsonToken field = parser.nextToken(); field != JsonToken.END_OBJECT; field = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> {
                        if (id || !isIdLike(value)) {
                            return null;
                        }
                        id = true;
                        replaced.add(replaced(parser, upstreamId));
                    }
                    case "params" -> {
                        if (params || value != JsonToken.START_OBJECT
                                || !params(parser, replaced, upstreamName, upstreamProgressToken)) {
                            return null;
                        }
                        params = true;
                    }
                    case "method" -> {
                        if (method) {
                            return null;
                        }
                        method = true;
                    }
                    case "jsonrpc" -> {
                        if (jsonrpc) {
                            return null;
                        }
                        jsonrpc = true;
                    }
                    default -> {
                    }
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null || !id || !params) {
                return null;
            }
            return ByteSplice.apply(body, replaced);
        } catch (IOException | RuntimeException notPlain) {
            return null;
        }
    }

    /** Reads the params object: false when it is not one to rewrite in place. */
    private static boolean params(JsonParser parser, List<ByteSplice.Range> replaced, String upstreamName, String upstreamProgressToken)
            throws IOException {
        boolean name = false;
        boolean meta = false;
        boolean arguments = false;
        boolean progressToken = false;
        for (JsonToken field = parser.nextToken(); field != JsonToken.END_OBJECT; field = parser.nextToken()) {
            String fieldName = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (fieldName) {
                case "name" -> {
                    if (name || value != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    name = true;
                    replaced.add(replaced(parser, upstreamName));
                }
                case "arguments" -> {
                    if (arguments) {
                        return false;
                    }
                    arguments = true;
                }
                case "_meta" -> {
                    if (meta) {
                        return false;
                    }
                    meta = true;
                    if (value == JsonToken.START_OBJECT) {
                        Boolean found = progressToken(parser, replaced, upstreamProgressToken);
                        if (found == null) {
                            return false;
                        }
                        progressToken = found;
                    }
                }
                default -> {
                }
            }
            parser.skipChildren();
        }
        return name && progressToken == (upstreamProgressToken != null);
    }

    /** Reads {@code _meta}: whether it holds a progress token to replace, null when it is not one to rewrite in place. */
    private static Boolean progressToken(JsonParser parser, List<ByteSplice.Range> replaced, String upstreamProgressToken) throws IOException {
        boolean seen = false;
        boolean toReplace = false;
        for (JsonToken field = parser.nextToken(); field != JsonToken.END_OBJECT; field = parser.nextToken()) {
            String fieldName = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("progressToken".equals(fieldName)) {
                if (seen) {
                    return null;
                }
                seen = true;
                if (value != JsonToken.VALUE_NULL) {
                    if (!isIdLike(value) || upstreamProgressToken == null) {
                        return null;
                    }
                    toReplace = true;
                    replaced.add(replaced(parser, upstreamProgressToken));
                }
            }
            parser.skipChildren();
        }
        return toReplace;
    }

    private static boolean isIdLike(JsonToken value) {
        return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT;
    }

    /** The current scalar's bytes, to be written as a JSON string of {@code text}. */
    private static ByteSplice.Range replaced(JsonParser parser, String text) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        // A string is read lazily: only once finished does the location stand after its closing quote.
        parser.finishToken();
        int end = (int) parser.currentLocation().getByteOffset();
        byte[] quoted = QUOTE.quoteAsUTF8(text);
        byte[] string = new byte[quoted.length + 2];
        string[0] = '"';
        System.arraycopy(quoted, 0, string, 1, quoted.length);
        string[string.length - 1] = '"';
        return new ByteSplice.Range(start, end, string);
    }
}

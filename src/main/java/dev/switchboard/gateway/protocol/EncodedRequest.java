package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A client's {@code tools/call} or {@code prompts/get} as sent, with where its id, the tool's or prompt's name and
 * its progress token stand in its bytes ({@link MessageReader} notes them as it reads the message), so that the
 * request an upstream gets is written from those bytes with only those replaced, everything else (a tool's
 * arguments above all) as the client encoded it. Copying the parsed request and writing the copy out again cost
 * about a thirtieth of the gateway's CPU per tool call (profiled), and the gap grows with the arguments, which are
 * copied here rather than written (bench/micro/RequestWriting.java).
 * <p>
 * Only a plain request is taken: one JSON object, a string or integer {@code id}, an object {@code params} with a
 * string {@code name} and at most a string or integer {@code _meta.progressToken}, none of those (nor
 * {@code method}, {@code jsonrpc}, {@code arguments}) repeated, nothing after it. For anything else the reader gives
 * none and the caller writes the message from its tree.
 */
public final class EncodedRequest {

    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();
    private static final int NONE = -1;

    private final byte[] body;
    private final int idStart;
    private final int idEnd;
    private final int nameStart;
    private final int nameEnd;
    private final int tokenStart;
    private final int tokenEnd;

    private EncodedRequest(Places places, byte[] body) {
        this.body = body;
        this.idStart = places.idStart;
        this.idEnd = places.idEnd;
        this.nameStart = places.nameStart;
        this.nameEnd = places.nameEnd;
        this.tokenStart = places.tokenStart;
        this.tokenEnd = places.tokenEnd;
    }

    /**
     * The request for the upstream, in UTF-8: {@code upstreamId} and {@code upstreamName} written for the id and the
     * name, {@code upstreamProgressToken} for the progress token. Null when the request holds a progress token and
     * none is given, or the other way round (a null token counts as none).
     */
    public byte[] forUpstream(String upstreamId, String upstreamName, String upstreamProgressToken) {
        if ((tokenStart != NONE) != (upstreamProgressToken != null)) {
            return null;
        }
        List<ByteSplice.Range> replaced = new ArrayList<>(3);
        replaced.add(new ByteSplice.Range(idStart, idEnd, quoted(upstreamId)));
        replaced.add(new ByteSplice.Range(nameStart, nameEnd, quoted(upstreamName)));
        if (tokenStart != NONE) {
            replaced.add(new ByteSplice.Range(tokenStart, tokenEnd, quoted(upstreamProgressToken)));
        }
        replaced.sort(Comparator.comparingInt(ByteSplice.Range::start));
        return ByteSplice.apply(body, replaced);
    }

    private static byte[] quoted(String text) {
        byte[] quoted = QUOTE.quoteAsUTF8(text);
        byte[] string = new byte[quoted.length + 2];
        string[0] = '"';
        System.arraycopy(quoted, 0, string, 1, quoted.length);
        string[string.length - 1] = '"';
        return string;
    }

    /** What {@link MessageReader} finds of a request's places as it reads; used by one reader at a time. */
    static final class Places {

        static final int METHOD = 1;
        static final int JSONRPC = 2;
        static final int ARGUMENTS = 4;
        static final int META = 8;

        private boolean plain = true;
        private int seen;
        private boolean params;
        private boolean token;
        private int idStart = NONE;
        private int idEnd;
        private int nameStart = NONE;
        private int nameEnd;
        private int tokenStart = NONE;
        private int tokenEnd;

        void id(JsonParser parser, JsonToken value) throws IOException {
            if (idStart != NONE || !isIdLike(value)) {
                plain = false;
                return;
            }
            idStart = start(parser);
            idEnd = end(parser);
        }

        void params(JsonToken value) {
            plain &= !params && value == JsonToken.START_OBJECT;
            params = true;
        }

        void name(JsonParser parser, JsonToken value) throws IOException {
            if (nameStart != NONE || value != JsonToken.VALUE_STRING) {
                plain = false;
                return;
            }
            nameStart = start(parser);
            nameEnd = end(parser);
        }

        void progressToken(JsonParser parser, JsonToken value) throws IOException {
            if (token) {
                plain = false;
            }
            token = true;
            if (value == JsonToken.VALUE_NULL) {
                return;
            }
            if (!isIdLike(value)) {
                plain = false;
                return;
            }
            tokenStart = start(parser);
            tokenEnd = end(parser);
        }

        /** A field that may stand once: {@link #METHOD}, {@link #JSONRPC}, {@link #ARGUMENTS}, {@link #META}. */
        void once(int field) {
            plain &= (seen & field) == 0;
            seen |= field;
        }

        /** The request these places were found in, or null when it is not plain. */
        EncodedRequest request(byte[] body) {
            return plain && idStart != NONE && nameStart != NONE ? new EncodedRequest(this, body) : null;
        }

        private static boolean isIdLike(JsonToken value) {
            return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT;
        }

        private static int start(JsonParser parser) {
            return (int) parser.currentTokenLocation().getByteOffset();
        }

        /** Where the current scalar ends: a string is read lazily, and only once finished is the location after it. */
        private static int end(JsonParser parser) throws IOException {
            parser.finishToken();
            return (int) parser.currentLocation().getByteOffset();
        }
    }
}

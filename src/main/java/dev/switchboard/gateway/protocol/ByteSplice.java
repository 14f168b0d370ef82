package dev.switchboard.gateway.protocol;

import java.util.List;

/**
 * A message's bytes with some of their ranges written anew: how {@link EncodedRequest} and {@link EncodedResponse}
 * rewrite a message in place.
 */
final class ByteSplice {

    /** Bytes {@code [start, end)} of the body, to be written as {@code json} instead. */
    record Range(int start, int end, byte[] json) {
    }

    private ByteSplice() {
    }

    /** The body with each range replaced; the ranges come in the order of the body (as a parser finds them), apart. */
    static byte[] apply(byte[] body, List<Range> inOrder) {
        int length = body.length;
        for (Range range : inOrder) {
            length += range.json().length - (range.end() - range.start());
        }
        byte[] out = new byte[length];
        int from = 0;
        int to = 0;
        for (Range range : inOrder) {
            int kept = range.start() - from;
            System.arraycopy(body, from, out, to, kept);
            to += kept;
            System.arraycopy(range.json(), 0, out, to, range.json().length);
            to += range.json().length;
            from = range.end();
        }
        System.arraycopy(body, from, out, to, body.length - from);
        return out;
    }
}

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.protocol.MessageReader;
import dev.switchboard.gateway.relay.UpstreamRequest;
import java.nio.charset.StandardCharsets;

/**
 * What reading a client's tools/call and writing it for the upstream costs: the mapper's readTree and the request
 * written from the tree, against {@code MessageReader} and the request written from the client's bytes
 * ({@code UpstreamRequest.routed} without and with the request as sent); for the benchmark's small request and for
 * one whose arguments hold 10 KB of text. One thread, after a warm-up; ns per request, best of 5 rounds.
 *
 * <pre>java -cp target/classes:$(ls target/quarkus-app/lib/main/com.fasterxml.jackson.core.jackson-*.jar | tr '\n' :) \
 *     bench/micro/RequestWriting.java</pre>
 */
public class RequestWriting {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MessageReader READER = new MessageReader(JSON);
    private static long sink;

    public static void main(String[] args) throws Exception {
        String small = "{\"jsonrpc\":\"2.0\",\"id\":123456,\"method\":\"tools/call\",\"params\":{\"name\":\"fast__echo\","
                + "\"arguments\":{\"message\":\"hello from client 12\"}}}";
        String large = "{\"jsonrpc\":\"2.0\",\"id\":123456,\"method\":\"tools/call\",\"params\":{\"name\":\"fast__echo\","
                + "\"arguments\":{\"message\":\"" + "lorem ipsum dolor sit amet, ".repeat(360) + "\"}}}";
        for (String body : new String[] {small, large}) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            long fromTree = Long.MAX_VALUE;
            long fromBytes = Long.MAX_VALUE;
            for (int round = 0; round < 6; round++) {
                long tree1 = time(bytes, false);
                long bytes1 = time(bytes, true);
                if (round > 0) {
                    fromTree = Math.min(fromTree, tree1);
                    fromBytes = Math.min(fromBytes, bytes1);
                }
            }
            System.out.printf("%,d-byte request: readTree and written from the tree %d ns, MessageReader and written from the"
                    + " client's bytes %d ns%n", bytes.length, fromTree, fromBytes);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    private static long time(byte[] bytes, boolean fromBytes) throws Exception {
        int n = bytes.length < 1000 ? 1_000_000 : 50_000;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            UpstreamRequest request;
            if (fromBytes) {
                MessageReader.Read read = READER.read(bytes);
                request = UpstreamRequest.routed((ObjectNode) read.tree(), read.request(), "echo");
            } else {
                request = UpstreamRequest.routed((ObjectNode) JSON.readTree(bytes), null, "echo");
            }
            sink += request.encoded().length;
        }
        return (System.nanoTime() - started) / n;
    }
}

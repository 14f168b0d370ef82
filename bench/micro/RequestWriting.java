import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.relay.UpstreamRequest;
import java.nio.charset.StandardCharsets;

/**
 * What writing a client's tools/call for the upstream costs, from its tree against from its bytes
 * ({@code UpstreamRequest.routed} with and without the client's bytes), for the benchmark's small request and for
 * one whose arguments hold 10 KB of text. One thread, after a warm-up; ns per request, best of 5 rounds.
 *
 * <pre>java -cp target/classes:$(ls target/quarkus-app/lib/main/com.fasterxml.jackson.core.jackson-*.jar | tr '\n' :) \
 *     bench/micro/RequestWriting.java</pre>
 */
public class RequestWriting {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static long sink;

    public static void main(String[] args) throws Exception {
        String small = "{\"jsonrpc\":\"2.0\",\"id\":123456,\"method\":\"tools/call\",\"params\":{\"name\":\"fast__echo\","
                + "\"arguments\":{\"message\":\"hello from client 12\"}}}";
        String large = "{\"jsonrpc\":\"2.0\",\"id\":123456,\"method\":\"tools/call\",\"params\":{\"name\":\"fast__echo\","
                + "\"arguments\":{\"message\":\"" + "lorem ipsum dolor sit amet, ".repeat(360) + "\"}}}";
        for (String body : new String[] {small, large}) {
            ObjectNode tree = (ObjectNode) JSON.readTree(body);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            long fromTree = Long.MAX_VALUE;
            long fromBytes = Long.MAX_VALUE;
            for (int round = 0; round < 6; round++) {
                long tree1 = time(tree, bytes, false);
                long bytes1 = time(tree, bytes, true);
                if (round > 0) {
                    fromTree = Math.min(fromTree, tree1);
                    fromBytes = Math.min(fromBytes, bytes1);
                }
            }
            System.out.printf("%,d-byte request: from the tree %d ns, from the client's bytes %d ns%n", bytes.length, fromTree, fromBytes);
        }
        System.out.println(sink == 42 ? "" : "done");
    }

    private static long time(ObjectNode tree, byte[] bytes, boolean fromBytes) {
        int n = bytes.length < 1000 ? 2_000_000 : 100_000;
        byte[] given = fromBytes ? bytes : null;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += UpstreamRequest.routed(JSON.getFactory(), tree, given, "echo").encoded().length;
        }
        return (System.nanoTime() - started) / n;
    }
}

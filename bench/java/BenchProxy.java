import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import passthrough.Forwarding;

/**
 * The thinnest proxy Vert.x makes: the limit any proxy on this machine is measured against. Every
 * request goes to one upstream over a pooled keep-alive client on the same event loop as the client's
 * connection; headers are copied (hop-by-hop ones dropped), bodies are piped both ways, nothing is parsed.
 * A client that goes away resets its upstream request ({@link Forwarding}, which the floor runs too).
 *
 * <pre>java -cp … BenchProxy --upstream-port P [--instances 2]</pre>
 * Listens on a free port of 127.0.0.1 and prints {@code LISTENING <port>}.
 */
public class BenchProxy extends AbstractVerticle {

    private final int port;
    private final int upstreamPort;
    private final List<Integer> ports;
    private HttpClient upstream;

    BenchProxy(int port, int upstreamPort, List<Integer> ports) {
        this.port = port;
        this.upstreamPort = upstreamPort;
        this.ports = ports;
    }

    public static void main(String[] args) {
        Args options = Args.of(args);
        int instances = Integer.parseInt(options.get("--instances", "2"));
        int upstreamPort = Integer.parseInt(options.require("--upstream-port"));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(instances));
        // Port -1: every instance's server shares one free port, and Vert.x spreads connections over them.
        List<Integer> ports = new CopyOnWriteArrayList<>();
        vertx.deployVerticle(() -> new BenchProxy(-1, upstreamPort, ports), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("LISTENING " + ports.get(0)))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(Promise<Void> started) {
        upstream = Forwarding.upstreamClient(vertx);
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(request -> Forwarding.forward(upstream, upstreamPort, request))
                .listen()
                .onSuccess(server -> {
                    ports.add(server.actualPort());
                    started.complete();
                })
                .onFailure(started::fail);
    }
}

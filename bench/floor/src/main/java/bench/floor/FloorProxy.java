package bench.floor;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import passthrough.Forwarding;

/**
 * The pass-through of {@code bench/java/BenchProxy.java} as a route of Quarkus's router: the same {@link Forwarding}
 * of each request, with a pooled client per event loop; what a proxy on Switchboard's stack costs before it does
 * anything of its own. Its paths are the upstream's, as the pass-through's are.
 */
@ApplicationScoped
public class FloorProxy {

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "floor.upstream-port")
    int upstreamPort;

    @ConfigProperty(name = "floor.path", defaultValue = "/mcp")
    String path;

    private final Map<Thread, HttpClient> clients = new ConcurrentHashMap<>();

    void install(@Observes Router router) {
        router.route(path).handler(ctx -> Forwarding.forward(client(), upstreamPort, ctx.request()));
    }

    private HttpClient client() {
        return clients.computeIfAbsent(Thread.currentThread(), loop -> Forwarding.upstreamClient(vertx));
    }
}

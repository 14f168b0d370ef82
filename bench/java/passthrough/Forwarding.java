package passthrough;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Set;

/**
 * What the pass-through does with one request, whoever serves it (BenchProxy's own HttpServer, or the floor's route
 * in a Quarkus application, bench/floor): the same request to the upstream over {@code upstream}, headers copied but
 * hop-by-hop ones, bodies piped both ways, nothing parsed; a client that goes away resets its upstream request.
 * Both take their upstream clients from {@link #upstreamClient}.
 */
public final class Forwarding {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private Forwarding() {
    }

    /**
     * A client to the upstream, one per event loop so that a request and its upstream connection share a thread. Idle
     * connections close before a Node upstream's 5 s keep-alive would reset them.
     */
    public static HttpClient upstreamClient(Vertx vertx) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(4).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(512));
    }

    public static void forward(HttpClient upstream, int upstreamPort, HttpServerRequest request) {
        request.pause();
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
                .setPort(upstreamPort).setURI(request.uri());
        upstream.request(options).onComplete(created -> {
            if (created.failed()) {
                request.response().setStatusCode(502).end();
                return;
            }
            HttpClientRequest upstreamRequest = created.result();
            copy(request.headers(), upstreamRequest.headers());
            HttpServerResponse response = request.response();
            response.closeHandler(closed -> upstreamRequest.reset());
            upstreamRequest.send(request).onComplete(answered -> {
                if (answered.failed()) {
                    if (!response.headWritten()) {
                        response.setStatusCode(502).end();
                    } else {
                        response.reset();
                    }
                    return;
                }
                HttpClientResponse upstreamResponse = answered.result();
                response.setStatusCode(upstreamResponse.statusCode());
                copy(upstreamResponse.headers(), response.headers());
                response.send(upstreamResponse);
            });
        });
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }
}

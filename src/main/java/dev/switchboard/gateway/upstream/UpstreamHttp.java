package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.authconfig.UpstreamCredential;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.FutureUni;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.McpHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/**
 * The HTTP both upstream transports ride on: pooled clients for requests, and one for long-lived event
 * streams, so those never starve the request pools. The client's own credentials never reach an upstream:
 * only the header of the server's auth config for that toolkit.
 * <p>
 * Each event loop has a request client of its own. Vert.x's pool hands any idle connection to any caller, and a
 * connection lives on the event loop that opened it: with one shared pool, about one upstream request in four
 * (measured in the fan-out benchmark) rode a connection of another event loop, so its write and its answer each
 * crossed threads (two hand-offs and thread wake-ups per request). A client used only from one event loop opens
 * its connections there and keeps them there.
 */
@Singleton
public class UpstreamHttp {

    private static final Logger LOG = Logger.getLogger(UpstreamHttp.class);
    private static final int STREAMS_PER_UPSTREAM = 10_000;
    /** Pooled request connections to one upstream, over all event loops together. */
    private static final int REQUEST_CONNECTIONS_PER_UPSTREAM = 64;
    private static final int RESENDS = 2;
    /** Pooled connections found stale ({@link KeptAliveConnections}) closed for one request before it takes one anyway. */
    private static final int STALE_CLOSES = 4;

    @Inject
    Vertx vertx;

    @Inject
    SwitchboardConfig config;

    @Inject
    UpstreamAddressCheck addresses;

    @Inject
    MeterRegistry metrics;

    private Counter resent;
    private KeptAliveConnections keptAlive;

    private final Map<Thread, HttpClient> requestsByEventLoop = new ConcurrentHashMap<>();
    private HttpClient requestsOffEventLoops;
    private int requestConnectionsPerLoop;
    private HttpClient streams;

    @PostConstruct
    void start() {
        resent = metrics.counter("switchboard.gateway.upstream.resent");
        keptAlive = new KeptAliveConnections(config.gateway().upstreamIdleTimeout());
        long eventLoops = StreamSupport.stream(vertx.nettyEventLoopGroup().spliterator(), false).count();
        requestConnectionsPerLoop = (int) Math.max(8, REQUEST_CONNECTIONS_PER_UPSTREAM / Math.max(1, eventLoops));
        requestsOffEventLoops = requestClient(REQUEST_CONNECTIONS_PER_UPSTREAM);
        streams = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(false))
                .with(new PoolOptions().setHttp1MaxSize(STREAMS_PER_UPSTREAM))
                .withConnectHandler(UpstreamHttp::quietly).build();
    }

    /**
     * A connection's own failures reach the request they break, which reports them in its own words
     * ({@link UpstreamException#of}); unhandled, Vert.x would log them as they are, and the decoder's
     * message quotes what the upstream sent (the first token of a reply that is not HTTP).
     */
    private static void quietly(HttpConnection connection) {
        connection.exceptionHandler(failure -> LOG.debugf("An upstream connection failed (%s)", failure.getClass().getSimpleName()));
    }

    /**
     * A pooled connection is closed once idle this long (below the upstreams' own keep-alive timeout). No
     * connection-level idle timeout: a response the relay holds paused for a slow client is not idle; each
     * request has its own (UpstreamRelay lifts it while paused).
     */
    private HttpClient requestClient(int connectionsPerUpstream) {
        int keepAliveSeconds = (int) Math.max(1, config.gateway().upstreamIdleTimeout().toSeconds());
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAliveTimeout(keepAliveSeconds))
                .with(new PoolOptions().setHttp1MaxSize(connectionsPerUpstream))
                .withConnectHandler(connection -> {
                    quietly(connection);
                    keptAlive.opened(connection);
                }).build();
    }

    @PreDestroy
    void stop() {
        requestsByEventLoop.values().forEach(HttpClient::close);
        requestsOffEventLoops.close();
        streams.close();
    }

    /** The request client of the calling event loop (a shared one for callers on other threads). */
    HttpClient requests() {
        if (!Context.isOnEventLoopThread()) {
            return requestsOffEventLoops;
        }
        return requestsByEventLoop.computeIfAbsent(Thread.currentThread(), loop -> requestClient(requestConnectionsPerLoop));
    }

    HttpClient streams() {
        return streams;
    }

    /** A request to the toolkit's URL with its credential, session and version headers. */
    Future<RequestOptions> options(UpstreamTarget target, HttpMethod method, String sessionId, String protocolVersion) {
        return options(target, target.url(), method, sessionId, protocolVersion);
    }

    /**
     * A request to this URL of the toolkit, to the address the policy checked ({@link UpstreamAddressCheck}):
     * the URL's host stays in the Host header and TLS SNI. Fails, like a dead upstream, when the address is
     * refused or the credential cannot be a header value (saved before that was checked).
     */
    Future<RequestOptions> options(UpstreamTarget target, String url, HttpMethod method, String sessionId, String protocolVersion) {
        if (target.credential() != null && !UpstreamCredential.isHeaderSafe(target.credential().headerValue())) {
            return Future.failedFuture(new UpstreamException(target.slug()
                    + ": its credential is not a valid HTTP header value; save the auth config again", 0));
        }
        return addresses.destination(target.slug(), url).map(destination -> {
            RequestOptions options = new RequestOptions().setAbsoluteURI(destination.url()).setMethod(method)
                    .setServer(destination.server())
                    .setIdleTimeout(timeout(target).toMillis());
            if (sessionId != null) {
                options.putHeader(McpHeaders.SESSION_ID, sessionId);
            }
            if (protocolVersion != null) {
                options.putHeader(McpHeaders.PROTOCOL_VERSION, protocolVersion);
            }
            if (target.credential() != null) {
                options.putHeader(target.credential().headerName(), target.credential().headerValue());
            }
            return options;
        });
    }

    /**
     * Sends a request; what fails becomes an {@link UpstreamException} that never quotes the upstream or the request.
     * A request whose connection closed before any of its answer arrived is sent again on another connection
     * ({@value #RESENDS} times at most) when the upstream cannot have acted on it or acting twice changes nothing:
     * when it was not all written, or when it is {@code repeatable} (a listing, a read, a session's DELETE). That
     * is the common way a kept-alive connection fails: the upstream closes it as idle just as a request is
     * written to it (a keep-alive timeout shorter than the pool's, a restart). Anything else is not repeated: a
     * tool call might have been carried out before the connection went. {@code whenClientGone} (or null) is given
     * what drops the request upstream, for when its client goes away before the answer starts.
     */
    Future<HttpClientResponse> send(HttpClient client, UpstreamTarget target, Future<RequestOptions> options, Buffer body,
            boolean repeatable, Consumer<Runnable> whenClientGone) {
        return options.compose(built -> attempt(new Sending(client, target.slug(), built, body, repeatable, whenClientGone),
                        RESENDS, STALE_CLOSES))
                .recover(failure -> Future.failedFuture(UpstreamException.of(target.slug(), failure)));
    }

    /** As {@link #send(HttpClient, UpstreamTarget, Future, Buffer, boolean, Consumer)}, for a request no client waits on. */
    Future<HttpClientResponse> send(HttpClient client, UpstreamTarget target, Future<RequestOptions> options, Buffer body,
            boolean repeatable) {
        return send(client, target, options, body, repeatable, null);
    }

    private record Sending(HttpClient client, String slug, RequestOptions options, Buffer body, boolean repeatable,
            Consumer<Runnable> whenClientGone) {
    }

    private Future<HttpClientResponse> attempt(Sending sending, int resends, int staleLeft) {
        return sending.client().request(sending.options()).compose(request -> {
            KeptAliveConnections.Use use = keptAlive.use(request.connection());
            boolean stale = staleLeft > 0 && use.isStale(System.nanoTime());
            // Not idle from now on, whether a request goes on it or the gateway closes it (which must teach nothing).
            use.busy();
            if (stale) {
                request.exceptionHandler(dropped -> { });
                request.connection().close();
                return attempt(sending, resends, staleLeft - 1);
            }
            Future<HttpClientResponse> answered = request.response();
            boolean[] clientGone = new boolean[1];
            if (sending.whenClientGone() != null) {
                sending.whenClientGone().accept(() -> {
                    // Only while no answer came: a reset after it would close the connection, back in the pool by then.
                    if (!answered.isComplete()) {
                        clientGone[0] = true;
                        request.reset();
                    }
                });
            }
            Future<Void> written = sending.body() == null ? request.end() : request.end(sending.body());
            answered.onSuccess(response -> response.end().onSuccess(ended -> use.ended(System.nanoTime())));
            return answered.recover(failure -> {
                if (clientGone[0]) {
                    return Future.failedFuture(UpstreamException.clientGone(sending.slug()));
                }
                if (resends == 0 || !closedBeforeAnswer(failure) || !sending.repeatable() && written.succeeded()) {
                    return Future.failedFuture(failure);
                }
                resent.increment();
                LOG.debugf("An upstream connection closed before answering; the request goes again on another (%s)",
                        failure.getClass().getSimpleName());
                return attempt(sending, resends - 1, staleLeft);
            });
        });
    }

    /** A connection that closed or was reset under a request sent on it (not one that could not be opened). */
    private static boolean closedBeforeAnswer(Throwable failure) {
        return failure instanceof HttpClosedException
                || failure instanceof IOException && !(failure instanceof ConnectException);
    }

    /** How long to wait for this upstream: its toolkit's own timeout, else the gateway's. */
    public Duration timeout(UpstreamTarget target) {
        return target.timeout() != null ? target.timeout() : config.gateway().upstreamTimeout();
    }

    /** An exchange with the upstream that must be over within its timeout. */
    <T> Uni<T> timed(Future<T> exchange, UpstreamTarget target) {
        Duration timeout = timeout(target);
        return FutureUni.of(exchange).ifNoItem().after(timeout)
                .failWith(() -> new UpstreamException(target.slug() + " did not answer within " + timeout, 0))
                .onFailure().transform(failure -> UpstreamException.of(target.slug(), failure));
    }

    /** The largest single upstream message (a JSON body or one SSE event) the gateway reads. */
    public int maxMessageBytes() {
        return (int) Math.min(Integer.MAX_VALUE, config.gateway().maxUpstreamMessage().asLongValue());
    }

    /**
     * Drops an answer the gateway will not read (a 405 to a GET stream, say) and its connection. The reset
     * fails the response's body, which without a handler Vert.x would log as an error on every such answer.
     */
    static void discard(HttpClientResponse response) {
        response.exceptionHandler(expected -> { });
        response.request().reset();
    }

    /** Whether an upstream answered 200 with an event stream. */
    public static boolean isEventStream(HttpClientResponse response) {
        return response.statusCode() == 200 && isEventStream(response.getHeader(HttpHeaders.CONTENT_TYPE));
    }

    static boolean isEventStream(String contentType) {
        return contentType != null && contentType.startsWith("text/event-stream");
    }

    /** The capabilities an upstream declared, by name ({@code resources.subscribe} when it may be subscribed to). */
    static Set<String> capabilities(JsonNode declared) {
        Set<String> names = new LinkedHashSet<>();
        declared.fieldNames().forEachRemaining(names::add);
        if (declared.path("resources").path("subscribe").asBoolean(false)) {
            names.add("resources.subscribe");
        }
        for (String listed : List.of("tools", "prompts", "resources")) {
            if (declared.path(listed).path("listChanged").asBoolean(false)) {
                names.add(listed + ".listChanged");
            }
        }
        return names;
    }
}

package dev.switchboard.gateway.upstream;

import dev.switchboard.gateway.protocol.McpHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.protocol.SseDecoder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Talks to upstream MCP servers on one pooled Vert.x HTTP client: Streamable HTTP here, legacy HTTP+SSE
 * through {@link LegacySseUpstreams}. The client's own credentials never reach an upstream: only the
 * header of the server's auth config for that toolkit.
 */
@ApplicationScoped
public class UpstreamClient {

    private static final int STREAMS_PER_UPSTREAM = 10_000;

    @Inject
    Vertx vertx;

    @Inject
    SwitchboardConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    LegacySseUpstreams legacy;

    private HttpClient http;
    /** Long-lived event streams (standalone GET streams, legacy SSE connections) hold a connection each: not from the request pool. */
    private HttpClient streams;

    @PostConstruct
    void start() {
        int idleSeconds = (int) Math.max(1, config.gateway().upstreamIdleTimeout().toSeconds());
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAliveTimeout(idleSeconds).setIdleTimeout(idleSeconds),
                new PoolOptions().setHttp1MaxSize(64));
        streams = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(STREAMS_PER_UPSTREAM));
    }

    @PreDestroy
    void stop() {
        http.close();
        streams.close();
    }

    /** Sends one message and answers the upstream's response with its body not yet read (for relaying). */
    public Future<HttpClientResponse> send(UpstreamTarget target, String sessionId, String protocolVersion, Buffer body) {
        RequestOptions options = options(target, HttpMethod.POST, sessionId, protocolVersion)
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        return http.request(options).compose(request -> request.send(body));
    }

    /**
     * Sends one message for relaying: the response comes paused, so the relay sets its handlers before
     * the first byte is delivered, then resumes it.
     */
    public Future<HttpClientResponse> sendForRelay(UpstreamTarget target, String sessionId, String protocolVersion, Buffer body) {
        return send(target, sessionId, protocolVersion, body).map(response -> {
            response.pause();
            return response;
        });
    }

    /**
     * Opens the upstream's event stream for a session (GET): its standalone stream, or the rest of a
     * stream it closed early when {@code lastEventId} is given. Answered paused, like {@link #sendForRelay}.
     */
    public Future<HttpClientResponse> listen(UpstreamTarget target, UpstreamSession session, String lastEventId) {
        RequestOptions options = options(target, HttpMethod.GET, session.sessionId(), session.protocolVersion())
                .putHeader("Accept", "text/event-stream")
                // A standalone stream may stay quiet for as long as the session lives.
                .setIdleTimeout(0);
        if (lastEventId != null) {
            options.putHeader(McpHeaders.LAST_EVENT_ID, lastEventId);
        }
        return streams.request(options).compose(request -> request.send()).map(response -> {
            response.pause();
            return response;
        });
    }

    /**
     * Sends a request and reads its JSON-RPC response, from a JSON body or from the SSE stream. Used for
     * the gateway's own requests (initialize, lists), whose answers are small and needed whole to merge them.
     */
    public Uni<UpstreamAnswer> call(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode request) {
        if (LegacySseUpstreams.isLegacy(target)) {
            return legacy.call(target, sessionId, request);
        }
        Future<UpstreamAnswer> answer = send(target, sessionId, protocolVersion, Buffer.buffer(request.toString()))
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        String text = body.toString();
                        throw new UpstreamException(target.slug() + " answered HTTP " + response.statusCode() + ": "
                                + text.substring(0, Math.min(200, text.length())), response.statusCode());
                    }
                    return new UpstreamAnswer(response.getHeader(McpHeaders.SESSION_ID),
                            responseTo(request.get("id"), response.getHeader("Content-Type"), body));
                }));
        return timed(answer, target);
    }

    /**
     * The MCP handshake: {@code initialize} with these params, then {@code notifications/initialized}.
     * Answers the session the upstream opened, the version it chose and the capabilities it declared.
     */
    public Uni<UpstreamSession> open(UpstreamTarget target, ObjectNode initializeParams) {
        if (LegacySseUpstreams.isLegacy(target)) {
            return legacy.open(target, initializeParams);
        }
        String requested = initializeParams.path("protocolVersion").asText(null);
        ObjectNode request = JsonRpc.request(MessageIds.gateway("initialize"), "initialize", initializeParams);
        return call(target, null, null, request).chain(answer -> {
            if (answer.result() == null) {
                throw new UpstreamException(target.slug() + " refused initialize: " + answer.response().path("error"), 200);
            }
            UpstreamSession session = new UpstreamSession(answer.sessionId(),
                    answer.result().path("protocolVersion").asText(requested),
                    capabilities(answer.result().path("capabilities")));
            return notify(target, session.sessionId(), session.protocolVersion(),
                    JsonRpc.notification("notifications/initialized")).replaceWith(session);
        });
    }

    /** Posts a notification or a response; the upstream answers 202 with no body. */
    public Uni<Void> notify(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode message) {
        if (LegacySseUpstreams.isLegacy(target)) {
            return legacy.notify(target, sessionId, message);
        }
        Future<Void> sent = send(target, sessionId, protocolVersion, Buffer.buffer(message.toString()))
                .compose(response -> response.body().mapEmpty());
        return timed(sent, target);
    }

    /** Ends an upstream session. */
    public Uni<Void> delete(UpstreamTarget target, String sessionId, String protocolVersion) {
        if (LegacySseUpstreams.isLegacy(target)) {
            legacy.close(sessionId);
            return Uni.createFrom().voidItem();
        }
        Future<Void> deleted = http.request(options(target, HttpMethod.DELETE, sessionId, protocolVersion))
                .compose(request -> request.send())
                .compose(response -> response.body().mapEmpty());
        return timed(deleted, target);
    }

    /** How long to wait for this upstream: its toolkit's own timeout, else the gateway's. */
    public Duration timeout(UpstreamTarget target) {
        return target.timeout() != null ? target.timeout() : config.gateway().upstreamTimeout();
    }

    HttpClient http() {
        return http;
    }

    HttpClient streams() {
        return streams;
    }

    RequestOptions options(UpstreamTarget target, HttpMethod method, String sessionId, String protocolVersion) {
        RequestOptions options = new RequestOptions().setAbsoluteURI(target.url()).setMethod(method)
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
    }

    static Set<String> capabilities(JsonNode declared) {
        Set<String> names = new LinkedHashSet<>();
        declared.fieldNames().forEachRemaining(names::add);
        if (declared.path("resources").path("subscribe").asBoolean(false)) {
            names.add("resources.subscribe");
        }
        return names;
    }

    private JsonNode responseTo(JsonNode id, String contentType, Buffer body) {
        try {
            if (isEventStream(contentType)) {
                List<String> data = new ArrayList<>();
                SseDecoder decoder = new SseDecoder(maxMessageBytes(), event -> data.add(event.data()));
                decoder.feed(body.getBytes());
                decoder.end();
                for (String event : data) {
                    if (event.isBlank()) {
                        continue;
                    }
                    JsonNode message = json.readTree(event);
                    if (message.path("id").equals(id) && (message.has("result") || message.has("error"))) {
                        return message;
                    }
                }
                throw new UpstreamException("the event stream ended without a response", 200);
            }
            return json.readTree(body.toString());
        } catch (IOException | IllegalStateException e) {
            throw new UpstreamException("the answer is not JSON: " + e.getMessage(), 200);
        }
    }

    /** Whether an upstream answered 200 with an event stream. */
    public static boolean isEventStream(HttpClientResponse response) {
        return response.statusCode() == 200 && isEventStream(response.getHeader("Content-Type"));
    }

    private static boolean isEventStream(String contentType) {
        return contentType != null && contentType.startsWith("text/event-stream");
    }

    /** The largest single upstream message (a JSON body or one SSE event) the gateway reads. */
    public int maxMessageBytes() {
        return (int) Math.min(Integer.MAX_VALUE, config.gateway().maxUpstreamMessage().asLongValue());
    }

    private <T> Uni<T> timed(Future<T> future, UpstreamTarget target) {
        Duration timeout = timeout(target);
        return Uni.createFrom().completionStage(future.toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> new UpstreamException(target.slug() + " did not answer within " + timeout, 0));
    }
}

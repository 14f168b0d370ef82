package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.SecureIds;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.protocol.SseDecoder;
import dev.switchboard.gateway.protocol.SseEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Upstreams that speak only the legacy HTTP+SSE transport: one long-lived GET stream per upstream
 * session, whose first event names the endpoint to POST messages to; every answer comes back on the
 * stream. Such a session is a connection held by this replica, named {@code legacy:<id>} in the session
 * state; another replica does not have it and opens its own (it answers "lost", and the gateway
 * re-initializes). Answers are matched to requests by id; progress by token; anything else goes to the
 * most recent request in flight, or, with none, to the client session's standalone stream.
 */
@ApplicationScoped
public class LegacySseUpstreams {

    private static final Logger LOG = Logger.getLogger(LegacySseUpstreams.class);
    static final String PREFIX = "legacy:";

    @Inject
    UpstreamClient client;

    @Inject
    ObjectMapper json;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** Where the events of one relayed request go: events in, and the response that ends it. */
    public interface Listener {
        void event(SseEvent event);

        void ended();
    }

    /** Opens the stream, learns the endpoint, then performs the MCP handshake on it. */
    Uni<UpstreamSession> open(UpstreamTarget target, ObjectNode initializeParams) {
        Connection connection = new Connection(SecureIds.newId("up"), target);
        connections.put(connection.id, connection);
        String requested = initializeParams.path("protocolVersion").asText(null);
        ObjectNode request = JsonRpc.request(MessageIds.gateway("initialize"), "initialize", initializeParams);
        return connection.connect()
                .chain(() -> call(target, PREFIX + connection.id, request))
                .chain(answer -> {
                    if (answer.result() == null) {
                        throw new UpstreamException(target.slug() + " refused initialize: " + answer.response().path("error"), 200);
                    }
                    UpstreamSession session = new UpstreamSession(PREFIX + connection.id,
                            answer.result().path("protocolVersion").asText(requested),
                            UpstreamClient.capabilities(answer.result().path("capabilities")));
                    return notify(target, session.sessionId(), JsonRpc.notification("notifications/initialized"))
                            .replaceWith(session);
                })
                .onFailure().invoke(failure -> close(PREFIX + connection.id));
    }

    /** A request whose response the gateway itself needs. */
    Uni<UpstreamAnswer> call(UpstreamTarget target, String sessionId, ObjectNode request) {
        Connection connection = connection(target, sessionId);
        Promise<JsonNode> answered = Promise.promise();
        String key = request.get("id").toString();
        connection.calls.put(key, answered);
        Future<UpstreamAnswer> answer = connection.post(request)
                .compose(posted -> answered.future())
                .map(response -> new UpstreamAnswer(sessionId, response))
                .onComplete(done -> connection.calls.remove(key));
        return timed(answer, target);
    }

    Uni<Void> notify(UpstreamTarget target, String sessionId, ObjectNode message) {
        return timed(connection(target, sessionId).post(message), target);
    }

    /**
     * Relays a client's request: every event about it goes to the listener, which is told when the
     * response has gone through. Fails with a lost session when this replica has no such connection.
     */
    public Future<Void> relay(UpstreamTarget target, String sessionId, ObjectNode request, Listener listener) {
        Connection connection;
        try {
            connection = connection(target, sessionId);
        } catch (UpstreamException lost) {
            return Future.failedFuture(lost);
        }
        String key = request.get("id").toString();
        JsonNode token = request.path("params").path("_meta").get("progressToken");
        connection.relays.put(key, listener);
        connection.latest = listener;
        if (token != null) {
            connection.progress.put(token.toString(), listener);
        }
        return connection.post(request).onFailure(failure -> connection.forget(key, token));
    }

    /**
     * Where the connection's messages go that relate to no request in flight (list changes, resource
     * updates, logs): the client session's standalone stream. False when this replica has no such connection.
     */
    public boolean standalone(String sessionId, Consumer<SseEvent> consumer) {
        Connection connection = find(sessionId);
        if (connection == null) {
            return false;
        }
        connection.standalone = consumer;
        return true;
    }

    /** Closes the connection, ending the upstream session. */
    void close(String sessionId) {
        Connection connection = find(sessionId);
        if (connection != null) {
            connections.remove(connection.id);
        }
        if (connection != null && connection.stream != null) {
            connection.stream.request().reset();
        }
    }

    static boolean isLegacy(UpstreamTarget target) {
        return UpstreamTarget.SSE.equals(target.transport());
    }

    private Connection find(String sessionId) {
        return sessionId != null && sessionId.startsWith(PREFIX) ? connections.get(sessionId.substring(PREFIX.length())) : null;
    }

    private Connection connection(UpstreamTarget target, String sessionId) {
        Connection connection = find(sessionId);
        if (connection == null || connection.closed) {
            throw new UpstreamException(target.slug() + ": the SSE session is not held by this replica", 404);
        }
        return connection;
    }

    private <T> Uni<T> timed(Future<T> future, UpstreamTarget target) {
        Duration timeout = client.timeout(target);
        return Uni.createFrom().completionStage(future.toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> new UpstreamException(target.slug() + " did not answer within " + timeout, 0));
    }

    /** One legacy SSE connection: its stream, its endpoint, and who waits for what. */
    private final class Connection {

        final String id;
        final UpstreamTarget target;
        final Map<String, Promise<JsonNode>> calls = new ConcurrentHashMap<>();
        final Map<String, Listener> relays = new ConcurrentHashMap<>();
        final Map<String, Listener> progress = new ConcurrentHashMap<>();
        final Promise<String> endpoint = Promise.promise();
        volatile Listener latest;
        volatile Consumer<SseEvent> standalone;
        volatile HttpClientResponse stream;
        volatile boolean closed;

        Connection(String id, UpstreamTarget target) {
            this.id = id;
            this.target = target;
        }

        Uni<Void> connect() {
            RequestOptions options = client.options(target, HttpMethod.GET, null, null)
                    .putHeader("Accept", "text/event-stream").setIdleTimeout(0);
            Future<Void> connected = client.streams().request(options).compose(request -> request.send()).compose(response -> {
                if (response.statusCode() != 200) {
                    response.request().reset();
                    return Future.failedFuture(new UpstreamException(target.slug() + " answered HTTP " + response.statusCode()
                            + " to the SSE stream", response.statusCode()));
                }
                stream = response;
                SseDecoder decoder = new SseDecoder(client.maxMessageBytes(), this::event);
                response.handler(chunk -> decoder.feed(chunk.getBytes()));
                response.endHandler(end -> end());
                response.exceptionHandler(failure -> end());
                return endpoint.future().mapEmpty();
            });
            return timed(connected, target);
        }

        Future<Void> post(ObjectNode message) {
            return endpoint.future().compose(url -> {
                RequestOptions options = client.options(target, HttpMethod.POST, null, null).setAbsoluteURI(url)
                        .putHeader("Content-Type", "application/json");
                return client.http().request(options).compose(request -> request.send(Buffer.buffer(message.toString())));
            }).compose(response -> response.body().compose(body -> response.statusCode() / 100 == 2
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(new UpstreamException(target.slug() + " answered HTTP " + response.statusCode()
                            + ": " + body, response.statusCode()))));
        }

        void forget(String key, JsonNode token) {
            Listener listener = relays.remove(key);
            if (token != null) {
                progress.remove(token.toString());
            }
            if (latest == listener) {
                latest = null;
            }
        }

        private void event(SseEvent event) {
            if ("endpoint".equals(event.event())) {
                endpoint.tryComplete(URI.create(target.url()).resolve(event.data().trim()).toString());
                return;
            }
            JsonNode message;
            try {
                message = json.readTree(event.data());
            } catch (IOException e) {
                return;
            }
            if (!(message instanceof ObjectNode object)) {
                return;
            }
            String key = object.has("id") ? object.get("id").toString() : null;
            if (JsonRpc.isResponse(object)) {
                Promise<JsonNode> call = calls.remove(key);
                if (call != null) {
                    call.tryComplete(object);
                    return;
                }
                Listener listener = relays.get(key);
                if (listener != null) {
                    listener.event(event);
                    forget(key, null);
                    progress.values().removeIf(l -> l == listener);
                    listener.ended();
                }
                return;
            }
            JsonNode token = object.path("params").get("progressToken");
            Listener listener = token != null && "notifications/progress".equals(object.path("method").asText())
                    ? progress.get(token.toString()) : null;
            listener = listener != null ? listener : latest;
            if (listener != null) {
                listener.event(event);
            } else if (standalone != null) {
                standalone.accept(event);
            } else {
                LOG.debugf("A message of %s found no request in flight and was dropped", target.slug());
            }
        }

        private void end() {
            closed = true;
            connections.remove(id);
            endpoint.tryFail(new UpstreamException(target.slug() + " closed its SSE stream", 404));
            calls.values().forEach(call -> call.tryFail(new UpstreamException(target.slug() + " closed its SSE stream", 0)));
            relays.values().forEach(Listener::ended);
            relays.clear();
        }
    }
}

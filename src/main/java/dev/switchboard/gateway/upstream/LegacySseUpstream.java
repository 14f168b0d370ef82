package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.common.SecureIds;
import dev.switchboard.gateway.FutureUni;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.protocol.RepeatableMethods;
import dev.switchboard.gateway.protocol.ResponseOutcome;
import dev.switchboard.gateway.protocol.SseDecoder;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.relay.EventSink;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.relay.UpstreamRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Upstreams that speak only the legacy HTTP+SSE transport: one long-lived GET stream per upstream
 * session, whose first event names the endpoint to POST messages to; every answer comes back on the
 * stream. Such a session is a connection held by this replica, named {@code legacy:<id>} in the session
 * state; another replica does not have it (a lost session there, which the gateway opens again). Answers
 * are matched to requests by id; progress by token; anything else goes to the most recent request in
 * flight, or, with none, to whoever listens to the session's standalone messages.
 */
@ApplicationScoped
public class LegacySseUpstream implements UpstreamTransport {

    private static final Logger LOG = Logger.getLogger(LegacySseUpstream.class);
    static final String PREFIX = "legacy:";

    @Inject
    UpstreamHttp http;

    @Inject
    UpstreamRelay relay;

    @Inject
    ObjectMapper json;

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** Where the events of one relayed request go: events in, and the end of the request. */
    private interface Listener {
        void event(SseEvent event);

        void ended();
    }

    /** Opens the stream and learns the endpoint; the connection's name is the session id from then on. */
    @Override
    public Uni<String> connect(UpstreamTarget target) {
        Connection connection = new Connection(SecureIds.newId("up"), target);
        connections.put(connection.id, connection);
        return http.timed(connection.connect(), target).replaceWith(PREFIX + connection.id)
                .onFailure().invoke(failure -> close(PREFIX + connection.id));
    }

    @Override
    public Uni<UpstreamAnswer> call(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode request) {
        Connection connection;
        try {
            connection = connection(target, sessionId);
        } catch (UpstreamException lost) {
            return Uni.createFrom().failure(lost);
        }
        Promise<JsonNode> answered = Promise.promise();
        String key = request.get("id").toString();
        connection.calls.put(key, answered);
        Future<UpstreamAnswer> answer = connection.post(request)
                .compose(posted -> answered.future())
                .map(response -> new UpstreamAnswer(sessionId, response))
                .onComplete(done -> connection.calls.remove(key));
        return http.timed(answer, target);
    }

    @Override
    public Uni<Void> notify(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode message) {
        try {
            return http.timed(connection(target, sessionId).post(message), target);
        } catch (UpstreamException lost) {
            return Uni.createFrom().failure(lost);
        }
    }

    @Override
    public Uni<RelayedAnswer> relay(UpstreamLink link, String protocolVersion, UpstreamRequest upstreamRequest, ClientReply reply,
            Function<ClientStream, Runnable> whileOpen) {
        ObjectNode request = upstreamRequest.message();
        Connection connection;
        try {
            connection = connection(link.target(), link.session().sessionId());
        } catch (UpstreamException lost) {
            return Uni.createFrom().failure(lost);
        }
        Promise<ResponseOutcome> relayed = Promise.promise();
        Listener listener = new Listener() {
            private ClientStream stream;
            private Runnable closing;
            private ResponseOutcome answer;

            @Override
            public void event(SseEvent event) {
                if (stream == null) {
                    stream = reply.openStream();
                    closing = whileOpen.apply(stream);
                }
                relay.deliver(event, stream, link, outcome -> answer = outcome);
            }

            /** Without an answer (the connection died), the stream stays open for the caller's error. */
            @Override
            public void ended() {
                if (stream != null) {
                    closing.run();
                    if (answer != null) {
                        stream.end();
                    }
                }
                relayed.tryComplete(answer);
            }
        };
        String key = request.get("id").toString();
        JsonNode token = request.path("params").path("_meta").get("progressToken");
        connection.relays.put(key, listener);
        connection.latest = listener;
        if (token != null) {
            connection.progress.put(token.toString(), listener);
        }
        Future<RelayedAnswer> answer = connection.post(request)
                .onFailure(failure -> connection.forget(key, token))
                .compose(posted -> relayed.future())
                .map(outcome -> new RelayedAnswer(200, outcome))
                .recover(failure -> Future.failedFuture(UpstreamException.of(link.target().slug(), failure)));
        return FutureUni.of(answer);
    }

    /** What relates to no request in flight (list changes, resource updates, logs) goes to the sink. */
    @Override
    public Uni<Listening> listen(UpstreamLink link, String lastEventId, Supplier<EventSink> sink) {
        Connection connection = find(link.session().sessionId());
        if (lastEventId != null || connection == null) {
            // A legacy stream cannot be resumed; another replica's connection is not heard here.
            return Uni.createFrom().item(Listening.unavailable(404));
        }
        EventSink to = sink.get();
        Consumer<SseEvent> standalone = event -> relay.deliver(event, to, link, ignored -> {
        });
        connection.standalone = standalone;
        return Uni.createFrom().item(new Listening(200, () -> {
            if (connection.standalone == standalone) {
                connection.standalone = null;
            }
        }, connection.closed.future()));
    }

    /** Closes the connection, ending the upstream session. */
    @Override
    public Uni<Void> close(UpstreamTarget target, String sessionId, String protocolVersion) {
        close(sessionId);
        return Uni.createFrom().voidItem();
    }

    private void close(String sessionId) {
        Connection connection = find(sessionId);
        if (connection != null) {
            connections.remove(connection.id);
            if (connection.stream != null) {
                connection.stream.request().reset();
            }
        }
    }

    private Connection find(String sessionId) {
        return sessionId != null && sessionId.startsWith(PREFIX) ? connections.get(sessionId.substring(PREFIX.length())) : null;
    }

    private Connection connection(UpstreamTarget target, String sessionId) {
        Connection connection = find(sessionId);
        if (connection == null || connection.closed.future().isComplete()) {
            throw UpstreamException.sessionLost(target.slug() + ": the SSE session is not held by this replica");
        }
        return connection;
    }

    /** One legacy SSE connection: its stream, its endpoint, and who waits for what. */
    private final class Connection {

        final String id;
        final UpstreamTarget target;
        final Map<String, Promise<JsonNode>> calls = new ConcurrentHashMap<>();
        final Map<String, Listener> relays = new ConcurrentHashMap<>();
        final Map<String, Listener> progress = new ConcurrentHashMap<>();
        final Promise<String> endpoint = Promise.promise();
        final Promise<Void> closed = Promise.promise();
        volatile Listener latest;
        volatile Consumer<SseEvent> standalone;
        volatile HttpClientResponse stream;

        Connection(String id, UpstreamTarget target) {
            this.id = id;
            this.target = target;
        }

        Future<Void> connect() {
            Future<RequestOptions> options = http.options(target, HttpMethod.GET, null, null)
                    .map(built -> built.putHeader(HttpHeaders.ACCEPT, McpHeaders.EVENT_STREAM).setIdleTimeout(0));
            return http.send(http.streams(), target, options, null, false).compose(response -> {
                if (response.statusCode() != 200) {
                    UpstreamHttp.discard(response);
                    return Future.failedFuture(new UpstreamException(target.slug() + " answered HTTP " + response.statusCode()
                            + " to the SSE stream", response.statusCode()));
                }
                stream = response;
                SseDecoder decoder = new SseDecoder(http.maxMessageBytes(), this::event);
                response.handler(chunk -> decoder.feed(chunk.getBytes()));
                response.endHandler(end -> end());
                response.exceptionHandler(failure -> end());
                return endpoint.future().mapEmpty();
            });
        }

        Future<Void> post(ObjectNode message) {
            return endpoint.future().compose(url -> {
                Future<RequestOptions> options = http.options(target, url, HttpMethod.POST, null, null)
                        .map(built -> built.putHeader(HttpHeaders.CONTENT_TYPE, McpHeaders.JSON));
                return http.send(http.requests(), target, options, Buffer.buffer(JsonRpc.encode(message)),
                        RepeatableMethods.isRepeatable(message));
            }).compose(response -> response.body().compose(body -> response.statusCode() / 100 == 2
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(UpstreamException.answered(target.slug(), response.statusCode(), body.toString()))));
        }

        /**
         * The URL the upstream names for its messages: on its own origin (as the MCP SDKs require), so an
         * upstream cannot send the gateway's POSTs, with its credential, to another host.
         */
        private void endpoint(String named) {
            try {
                URI base = new URI(target.url());
                URI url = base.resolve(named);
                if (!Objects.equals(base.getScheme(), url.getScheme()) || !Objects.equals(base.getRawAuthority(), url.getRawAuthority())) {
                    endpoint.tryFail(new UpstreamException(target.slug() + " named a message endpoint on another origin", 0));
                    return;
                }
                endpoint.tryComplete(url.toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                endpoint.tryFail(new UpstreamException(target.slug() + " named a message endpoint that is not a URL", 0));
            }
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
                endpoint(event.data().trim());
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
                answer(key, object, event);
                return;
            }
            JsonNode token = object.path("params").get("progressToken");
            Listener listener = token != null && "notifications/progress".equals(object.path("method").asText())
                    ? progress.get(token.toString()) : null;
            listener = listener != null ? listener : latest;
            Consumer<SseEvent> standaloneNow = standalone;
            if (listener != null) {
                listener.event(event);
            } else if (standaloneNow != null) {
                standaloneNow.accept(event);
            } else {
                LOG.debugf("A message of %s found no request in flight and was dropped", target.slug());
            }
        }

        private void answer(String key, ObjectNode response, SseEvent event) {
            Promise<JsonNode> call = calls.remove(key);
            if (call != null) {
                call.tryComplete(response);
                return;
            }
            Listener listener = relays.get(key);
            if (listener != null) {
                listener.event(event);
                forget(key, null);
                progress.values().removeIf(l -> l == listener);
                listener.ended();
            }
        }

        private void end() {
            closed.tryComplete();
            connections.remove(id);
            endpoint.tryFail(new UpstreamException(target.slug() + " closed its SSE stream", 0));
            calls.values().forEach(call -> call.tryFail(new UpstreamException(target.slug() + " closed its SSE stream", 0)));
            relays.values().forEach(Listener::ended);
            relays.clear();
        }
    }
}

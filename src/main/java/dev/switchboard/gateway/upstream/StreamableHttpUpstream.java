package dev.switchboard.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.FutureUni;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.McpHeaders;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.protocol.RepeatableMethods;
import dev.switchboard.gateway.protocol.SseDecoder;
import dev.switchboard.gateway.protocol.StatelessRequests;
import dev.switchboard.gateway.relay.ClientReply;
import dev.switchboard.gateway.relay.ClientStream;
import dev.switchboard.gateway.relay.EventSink;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.relay.UpstreamMessages;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.relay.UpstreamRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Streamable HTTP upstreams: every message is a POST, answered with JSON or an event stream; the
 * session's standalone stream is a GET; DELETE ends the session. A 2026-07-28 upstream's requests
 * ({@link ModernHttpUpstream}) ride on the same POSTs, with no session and the revision's routing headers.
 */
@Singleton
public class StreamableHttpUpstream implements UpstreamTransport {

    @Inject
    UpstreamHttp http;

    @Inject
    UpstreamRelay relay;

    @Inject
    ObjectMapper json;

    @Override
    public Uni<String> connect(UpstreamTarget target) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<UpstreamAnswer> call(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode request) {
        Future<UpstreamAnswer> answer = post(target, sessionId, protocolVersion, request).compose(response -> response.body().map(body -> {
            if (response.statusCode() != 200) {
                throw UpstreamException.answered(target.slug(), response.statusCode(), body.toString());
            }
            return new UpstreamAnswer(response.getHeader(McpHeaders.SESSION_ID),
                    responseTo(request.get("id"), response.getHeader(HttpHeaders.CONTENT_TYPE), body));
        }));
        return http.timed(answer, target);
    }

    @Override
    public Uni<Void> notify(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode message) {
        return http.timed(post(target, sessionId, protocolVersion, message).compose(response -> response.body().mapEmpty()), target);
    }

    @Override
    public Uni<RelayedAnswer> relay(UpstreamLink link, String protocolVersion, UpstreamRequest request, ClientReply reply,
            Function<ClientStream, Runnable> whileOpen) {
        return relay(link, protocolVersion, request, reply, whileOpen, false);
    }

    /**
     * As {@link #relay}, for an upstream without sessions (2026-07-28): a JSON-RPC error it answers with an HTTP
     * error status is the answer, relayed to the client with that status. (With a session, a 404 or 400 may mean
     * the session was lost, which {@link UpstreamSessions} must see.)
     */
    Uni<RelayedAnswer> relayErrorsToo(UpstreamLink link, String protocolVersion, ObjectNode request, ClientReply reply,
            Function<ClientStream, Runnable> whileOpen) {
        return relay(link, protocolVersion, UpstreamRequest.of(request), reply, whileOpen, true);
    }

    private Uni<RelayedAnswer> relay(UpstreamLink link, String protocolVersion, UpstreamRequest request, ClientReply reply,
            Function<ClientStream, Runnable> whileOpen, boolean errorsToo) {
        UpstreamTarget target = link.target();
        // Only a 2026-07-28 request needs its message here (its routing headers, its error answers); others go as encoded.
        ObjectNode stateless = ProtocolVersions.STATELESS.equals(protocolVersion) ? request.message() : null;
        Future<RequestOptions> options = postOptions(target, link.session().sessionId(), protocolVersion, stateless);
        Future<RelayedAnswer> relayed = http.send(http.requests(), target, options, Buffer.buffer(request.encoded()),
                RepeatableMethods.isRepeatable(request.method()), reply::onClientGone).compose(response -> {
            // Paused, so the relay sets its handlers before the first byte arrives.
            response.pause();
            if (response.statusCode() != 200) {
                return relay.readBounded(response).compose(body -> {
                    JsonNode error = errorsToo ? errorResponse(request.message().get("id"), body) : null;
                    if (error instanceof ObjectNode message) {
                        ObjectNode toClient = UpstreamMessages.toClient(link.slug(), message, link.state()::clientCan, link.prefixed()).toClient();
                        reply.send(toClient, response.statusCode());
                        return Future.succeededFuture(RelayedAnswer.of(200, toClient));
                    }
                    return Future.failedFuture(UpstreamException.answered(target.slug(), response.statusCode(), body.toString()));
                });
            }
            return relay.answer(reply, link, response, whileOpen);
        }).recover(failure -> failure instanceof UpstreamException e && !e.isSessionLost() && e.status() > 0
                ? Future.succeededFuture(new RelayedAnswer(e.status(), null))
                : Future.failedFuture(UpstreamException.of(target.slug(), failure)));
        return FutureUni.of(relayed);
    }

    /** The JSON-RPC error response to the request with this id that a body holds, or null. */
    private JsonNode errorResponse(JsonNode id, Buffer body) {
        try {
            JsonNode message = json.readTree(body.getBytes());
            return message != null && message.has("error") && message.path("id").equals(id) ? message : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public Uni<Listening> listen(UpstreamLink link, String lastEventId, Supplier<EventSink> sink) {
        Future<RequestOptions> options = http.options(link.target(), HttpMethod.GET, link.session().sessionId(),
                link.session().protocolVersion()).map(built -> {
                    built.putHeader(HttpHeaders.ACCEPT, McpHeaders.EVENT_STREAM)
                            // A standalone stream may stay quiet for as long as the session lives.
                            .setIdleTimeout(0);
                    if (lastEventId != null) {
                        built.putHeader(McpHeaders.LAST_EVENT_ID, lastEventId);
                    }
                    return built;
                });
        Future<Listening> listening = http.send(http.streams(), link.target(), options, null, false).map(response -> {
            if (!UpstreamHttp.isEventStream(response)) {
                UpstreamHttp.discard(response);
                return Listening.unavailable(response.statusCode());
            }
            response.pause();
            Future<Void> ended = relay.pump(response, sink.get(), link, ignored -> {
            });
            return new Listening(200, () -> response.request().reset(), ended);
        });
        return FutureUni.of(listening);
    }

    @Override
    public Uni<Void> close(UpstreamTarget target, String sessionId, String protocolVersion) {
        if (sessionId == null) {
            return Uni.createFrom().voidItem();
        }
        Future<Void> deleted = http.send(http.requests(), target, http.options(target, HttpMethod.DELETE, sessionId, protocolVersion), null, true)
                .compose(response -> response.body().mapEmpty());
        return http.timed(deleted, target);
    }

    /**
     * A 2026-07-28 request whose answer is a long-lived event stream ({@code subscriptions/listen}): listened to
     * like a standalone stream, into the sink made once it answers with one.
     */
    Uni<Listening> listenByRequest(UpstreamLink link, ObjectNode request, Supplier<EventSink> sink) {
        Future<Listening> listening = http.send(http.streams(), link.target(),
                postOptions(link.target(), null, ProtocolVersions.STATELESS, request).map(options -> options.setIdleTimeout(0)),
                Buffer.buffer(JsonRpc.encode(request)), false).map(response -> {
                    if (!UpstreamHttp.isEventStream(response)) {
                        UpstreamHttp.discard(response);
                        return Listening.unavailable(response.statusCode() == 200 ? 0 : response.statusCode());
                    }
                    response.pause();
                    Future<Void> ended = relay.pump(response, sink.get(), link, ignored -> {
                    });
                    return new Listening(200, () -> response.request().reset(), ended);
                });
        return FutureUni.of(listening);
    }

    private Future<HttpClientResponse> post(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode message) {
        return http.send(http.requests(), target, postOptions(target, sessionId, protocolVersion, message), Buffer.buffer(JsonRpc.encode(message)),
                RepeatableMethods.isRepeatable(message));
    }

    private Future<RequestOptions> postOptions(UpstreamTarget target, String sessionId, String protocolVersion, ObjectNode message) {
        return http.options(target, HttpMethod.POST, sessionId, protocolVersion)
                .map(built -> {
                    built.putHeader(HttpHeaders.CONTENT_TYPE, McpHeaders.JSON).putHeader(HttpHeaders.ACCEPT, McpHeaders.JSON_OR_EVENT_STREAM);
                    if (ProtocolVersions.STATELESS.equals(protocolVersion) && message != null && JsonRpc.isRequest(message)) {
                        // The revision's routing headers, mirroring the body (see StatelessRequests.headerMismatch).
                        built.putHeader(McpHeaders.METHOD, message.path("method").asText());
                        String name = StatelessRequests.nameHeader(message);
                        if (name != null) {
                            built.putHeader(McpHeaders.NAME, name);
                        }
                    }
                    return built;
                });
    }

    /** The response to the request with this id, from a JSON body or from the event stream it came on. */
    private JsonNode responseTo(JsonNode id, String contentType, Buffer body) {
        try {
            if (!UpstreamHttp.isEventStream(contentType)) {
                return json.readTree(body.getBytes());
            }
            List<String> data = new ArrayList<>();
            SseDecoder decoder = new SseDecoder(http.maxMessageBytes(), event -> data.add(event.data()));
            decoder.feed(body.getBytes());
            decoder.end();
            for (String event : data) {
                if (!event.isBlank()) {
                    JsonNode message = json.readTree(event);
                    if (message.path("id").equals(id) && (message.has("result") || message.has("error"))) {
                        return message;
                    }
                }
            }
            throw new UpstreamException("the event stream ended without a response", 200);
        } catch (IOException | IllegalStateException e) {
            throw new UpstreamException("the answer is not JSON", 200);
        }
    }
}

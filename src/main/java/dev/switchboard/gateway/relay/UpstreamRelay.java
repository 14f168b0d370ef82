package dev.switchboard.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.ResolvedServer;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.mcpsession.McpSessionState;
import dev.switchboard.gateway.protocol.EncodedResponse;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.protocol.ResponseOutcome;
import dev.switchboard.gateway.protocol.SseDecoder;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.upstream.RelayedAnswer;
import dev.switchboard.gateway.upstream.UpstreamHttp;
import dev.switchboard.gateway.upstream.UpstreamSession;
import dev.switchboard.gateway.upstream.Upstreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Relays what an upstream sends to the client as it arrives: a JSON answer stays JSON, an event stream
 * is decoded event by event and each event is rewritten ({@link UpstreamMessages}) and written to the
 * client at once. Only the event in hand is held in memory; while the client's write queue is full the
 * upstream is paused. A client that goes away resets the upstream request.
 */
@Singleton
public class UpstreamRelay {

    private static final Logger LOG = Logger.getLogger(UpstreamRelay.class);
    private static final long PAUSED_IDLE_MILLIS = java.util.concurrent.TimeUnit.DAYS.toMillis(1);

    /** How a relayed stream ended: the upstream ended it, its connection broke, or the client went away. */
    private enum Ending {
        ENDED, BROKEN, CLIENT_LEFT
    }

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @Inject
    SwitchboardConfig config;

    @Inject
    UpstreamHttp http;

    @Inject
    Upstreams upstreams;

    @Inject
    MeterRegistry metrics;

    private int maxMessageBytes;
    private final Map<ClientStreamKind, AtomicInteger> openClientStreams = new EnumMap<>(ClientStreamKind.class);

    @PostConstruct
    void init() {
        maxMessageBytes = http.maxMessageBytes();
        for (ClientStreamKind kind : ClientStreamKind.values()) {
            AtomicInteger open = new AtomicInteger();
            openClientStreams.put(kind, open);
            Gauge.builder("switchboard.gateway.client.streams", open, AtomicInteger::get).tag("kind", kind.label())
                    .description("Event streams open to MCP clients on this replica, by kind (POST answers, standalone and legacy SSE streams)")
                    .register(metrics);
        }
    }

    public ClientEventStream eventStream(HttpServerResponse response, ClientStreamKind kind) {
        return new ClientEventStream(response, vertx, config.gateway().keepAliveInterval(), openClientStreams.get(kind));
    }

    /**
     * Answers a client's request with the upstream's 200 answer to it. Completes with how the response relayed
     * ended the request (no outcome when the upstream's stream ended before one). An event stream is handed to
     * {@code whileOpen}, whose answer runs when the stream ends. The client's stream is ended here once
     * the response went through, or when the upstream numbered its events (the client may resume the
     * stream with {@code Last-Event-ID}); otherwise it stays open for the caller to end with an error.
     */
    public Future<RelayedAnswer> answer(ClientReply reply, UpstreamLink link, HttpClientResponse upstream,
            Function<ClientStream, Runnable> whileOpen) {
        if (UpstreamHttp.isEventStream(upstream)) {
            ClientStream stream = reply.openStream();
            Runnable closing = whileOpen.apply(stream);
            Promise<RelayedAnswer> relayed = Promise.promise();
            ResponseOutcome[] answer = new ResponseOutcome[1];
            boolean[] resumable = new boolean[1];
            pump(upstream, stream, link, outcome -> answer[0] = outcome, id -> resumable[0] = true,
                    http.timeout(link.target()).toMillis()).onComplete(done -> {
                closing.run();
                // Only an upstream that ended its numbered stream on purpose means the client to resume it; one
                // whose connection broke (it died) is gone, and the caller answers with an error.
                if (answer[0] != null || resumable[0] && done.result() == Ending.ENDED) {
                    stream.end();
                }
                relayed.complete(new RelayedAnswer(200, answer[0]));
            });
            return relayed.future();
        }
        return readBounded(upstream).map(body -> {
            byte[] bytes = body.getBytes();
            // A plain response goes on as the upstream wrote it, its id changed in place; anything else through the tree.
            EncodedResponse encoded = EncodedResponse.of(json.getFactory(), bytes, link.prefixed());
            if (encoded != null && reply.sendEncoded(encoded)) {
                return new RelayedAnswer(200, encoded.outcome());
            }
            ObjectNode message = parse(bytes);
            ObjectNode toClient = message == null ? null
                    : UpstreamMessages.toClient(link.slug(), message, link.state()::clientCan, link.prefixed()).toClient();
            if (toClient == null) {
                throw new IllegalStateException(link.slug() + " answered something that is not a response to the request");
            }
            reply.send(toClient);
            return RelayedAnswer.of(200, toClient);
        });
    }

    /**
     * Relays an upstream event stream into a client stream, until the upstream ends it (the future
     * completes) or fails. How each response relayed ended its request is handed to {@code responses}.
     */
    public Future<Void> pump(HttpClientResponse upstream, EventSink stream, UpstreamLink link, Consumer<ResponseOutcome> responses) {
        return pump(upstream, stream, link, responses, id -> {
        }, 0).mapEmpty();
    }

    /**
     * As the public pump; {@code idleMillis} (0: none) is how long the upstream may stay silent. The time
     * the relay itself holds the upstream paused, because the client reads slowly, does not count.
     */
    private Future<Ending> pump(HttpClientResponse upstream, EventSink stream, UpstreamLink link, Consumer<ResponseOutcome> responses,
            Consumer<String> eventIds, long idleMillis) {
        Promise<Ending> done = Promise.promise();
        SseDecoder decoder = new SseDecoder(maxMessageBytes, event -> {
            if (event.id() != null && !event.id().isEmpty()) {
                eventIds.accept(event.id());
            }
            deliver(event, stream, link, responses);
        });
        stream.onClose(() -> {
            upstream.request().reset();
            done.tryComplete(Ending.CLIENT_LEFT);
        });
        stream.onDrain(() -> {
            if (idleMillis > 0) {
                upstream.request().idleTimeout(idleMillis);
            }
            upstream.resume();
        });
        Runnable pause = () -> {
            upstream.pause();
            if (idleMillis > 0) {
                // Vert.x cannot switch the timeout off once set: a day stands for "not while paused".
                upstream.request().idleTimeout(PAUSED_IDLE_MILLIS);
            }
        };
        stream.onHold(pause);
        upstream.handler(chunk -> {
            try {
                decoder.feed(chunk.getBytes());
            } catch (RuntimeException unusable) {
                // Too large an event, or one that cannot be relayed: the stream stops here, and the caller answers.
                LOG.warnf("Stream of %s dropped: %s", link.slug(), unusable.getMessage());
                upstream.request().reset();
                done.tryComplete(Ending.BROKEN);
                return;
            }
            if (stream.isFull()) {
                pause.run();
            }
        });
        upstream.exceptionHandler(failure -> {
            LOG.debugf("Stream of %s ended early: %s", link.slug(), failure.getMessage());
            done.tryComplete(Ending.BROKEN);
        });
        upstream.endHandler(end -> {
            decoder.end();
            done.tryComplete(Ending.ENDED);
        });
        upstream.resume();
        return done.future();
    }

    /**
     * Rewrites one upstream event for the client and writes it to the sink (see {@link UpstreamMessages}); a plain
     * response goes as the upstream wrote it, its id changed in place ({@link EncodedResponse}), as a JSON answer does.
     */
    public void deliver(SseEvent event, EventSink stream, UpstreamLink link, Consumer<ResponseOutcome> responses) {
        String id = event.id() == null || event.id().isEmpty() ? null : MessageIds.eventIdToClient(link.slug(), event.id());
        if (event.data().isBlank()) {
            if (id != null) {
                // A priming event: the id lets the client resume this stream through the gateway.
                stream.send(new SseEvent(id, null, "", event.retry()));
            }
            return;
        }
        EncodedResponse encoded = EncodedResponse.of(json.getFactory(), event.data().getBytes(StandardCharsets.UTF_8), link.prefixed());
        if (encoded != null) {
            stream.send(new SseEvent(id, event.event(), new String(encoded.bytes(), StandardCharsets.UTF_8), event.retry()));
            responses.accept(encoded.outcome());
            return;
        }
        ObjectNode message = parse(event.data());
        if (message == null) {
            LOG.debugf("Event of %s skipped: not a JSON-RPC message", link.slug());
            return;
        }
        UpstreamMessages.Rewritten rewritten = UpstreamMessages.toClient(link.slug(), message, link.state()::clientCan,
                link.prefixed(), link.state().clientIsStateless());
        if (rewritten.answerUpstream() != null) {
            upstreams.of(link.target(), link.session()).notify(link.target(), link.session().sessionId(), link.session().protocolVersion(),
                    rewritten.answerUpstream()).subscribe().with(ok -> {
                    }, failure -> LOG.debugf("Answer to %s not delivered: %s", link.slug(), failure.getMessage()));
        }
        if (rewritten.toClient() != null) {
            stream.send(new SseEvent(id, event.event(), rewritten.toClient().toString(), event.retry()));
            if (JsonRpc.isResponse(rewritten.toClient())) {
                responses.accept(ResponseOutcome.of(rewritten.toClient()));
            }
        }
    }

    /** A JSON body, read whole but refused beyond the message size limit. */
    public Future<Buffer> readBounded(HttpClientResponse upstream) {
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        upstream.handler(chunk -> {
            if (body.length() + chunk.length() > maxMessageBytes) {
                upstream.request().reset();
                read.tryFail(new IllegalStateException("the answer is larger than " + maxMessageBytes + " bytes"));
            } else {
                body.appendBuffer(chunk);
            }
        });
        upstream.exceptionHandler(read::tryFail);
        upstream.endHandler(end -> read.tryComplete(body));
        upstream.resume();
        return read.future();
    }

    private ObjectNode parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    private ObjectNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }
}

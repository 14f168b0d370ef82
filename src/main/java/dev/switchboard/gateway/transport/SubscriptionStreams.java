package dev.switchboard.gateway.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.gateway.UpstreamTarget;
import dev.switchboard.gateway.fanout.MessageRoutes;
import dev.switchboard.gateway.protocol.JsonRpc;
import dev.switchboard.gateway.protocol.MessageIds;
import dev.switchboard.gateway.protocol.ProtocolVersions;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.protocol.SubscriptionFilter;
import dev.switchboard.gateway.relay.ClientEventStream;
import dev.switchboard.gateway.relay.ClientStreamKind;
import dev.switchboard.gateway.relay.EventSink;
import dev.switchboard.gateway.relay.SessionChannels;
import dev.switchboard.gateway.relay.UpstreamLink;
import dev.switchboard.gateway.relay.UpstreamRelay;
import dev.switchboard.gateway.upstream.Listening;
import dev.switchboard.gateway.upstream.ModernHttpUpstream;
import dev.switchboard.gateway.upstream.ResourceWatches;
import dev.switchboard.gateway.upstream.UpstreamHttp;
import dev.switchboard.gateway.upstream.UpstreamSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A 2026-07-28 client's {@code subscriptions/listen}: an event stream that stays open and carries the list changes
 * and resource updates it asked for, from every upstream of the server. A 2025 upstream's come on the standalone
 * stream of the user's pooled session ({@link SessionChannels}), its resources subscribed on the client's behalf
 * ({@link ResourceWatches}); a 2026-07-28 upstream gets a listen request of its own, its stream merged in. Names and
 * URIs are the client's (namespaced); every message carries the client's subscription id, the acknowledgement
 * first. The client closing its stream releases everything upstream.
 */
@ApplicationScoped
class SubscriptionStreams {

    private static final Logger LOG = Logger.getLogger(SubscriptionStreams.class);

    /** A resource URI the client asked to watch, and the upstream that owns it under its own URI. */
    private record Watched(String exposed, UpstreamTarget target, String upstreamUri) {
    }

    @Inject
    SessionChannels channels;

    @Inject
    ResourceWatches watches;

    @Inject
    MessageRoutes routes;

    @Inject
    ModernHttpUpstream modern;

    @Inject
    UpstreamRelay relay;

    @Inject
    UpstreamHttp http;

    @Inject
    ObjectMapper json;

    Uni<Void> open(McpExchange exchange, ObjectNode message) {
        JsonNode id = message.get("id");
        SubscriptionFilter asked = SubscriptionFilter.of(message.path("params"));
        if (asked == null) {
            exchange.reply().send(JsonRpc.error(id, JsonRpc.INVALID_PARAMS,
                    "params.notifications must be a subscription filter (booleans and a resourceSubscriptions array of URIs)"));
            return Uni.createFrom().voidItem();
        }
        List<UpstreamLink> links = UpstreamLink.all(exchange.call().server(), exchange.state());
        return resolve(exchange, new ArrayList<>(asked.resourceUris()), new ArrayList<>()).chain(watched -> {
            List<Uni<Watched>> subscribed = new ArrayList<>();
            for (Watched one : watched) {
                UpstreamSession session = exchange.upstreamSession(one.target().slug());
                if (session == null || !session.can("resources.subscribe")) {
                    continue;
                }
                subscribed.add(isModern(session) ? Uni.createFrom().item(one)
                        : watches.watch(exchange.sessionId(), one.target(), exchange.state(), one.upstreamUri())
                                .map(accepted -> accepted ? one : null));
            }
            List<Uni<Void>> heard = new ArrayList<>();
            links.stream().filter(link -> !isModern(link.session()))
                    .forEach(link -> heard.add(channels.listen(exchange.sessionId(), link)));
            Uni<List<Watched>> accepted = subscribed.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(subscribed).andFailFast().map(all -> all.stream().filter(one -> one != null).toList());
            Uni<Void> listening = heard.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(heard).andCollectFailures().replaceWithVoid();
            return listening.chain(() -> accepted).chain(held -> stream(exchange, id, asked, links, held));
        });
    }

    /** The owner of each URI the client asked to watch, in order; a URI no upstream owns is left out. */
    private Uni<List<Watched>> resolve(McpExchange exchange, List<String> uris, List<Watched> found) {
        if (uris.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        String uri = uris.remove(0);
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("uri", uri);
        return routes.route(exchange.call().server(), exchange.state(), exchange.sessionId(), MessageRoutes.address("resources/read", params))
                .chain(route -> {
                    if (route != null) {
                        found.add(new Watched(uri, route.target(), route.upstreamKey()));
                    }
                    return resolve(exchange, uris, found);
                });
    }

    /**
     * Opens the client's stream, then every 2026-07-28 upstream's (each awaited for up to the toolkit's timeout, so
     * what the client changes upstream once acknowledged is heard), then acknowledges and starts relaying.
     */
    private Uni<Void> stream(McpExchange exchange, JsonNode id, SubscriptionFilter asked, List<UpstreamLink> links, List<Watched> held) {
        var sessions = exchange.state().upstreams().values();
        Set<String> heldUris = new LinkedHashSet<>();
        held.forEach(one -> heldUris.add(one.exposed()));
        SubscriptionFilter honored = asked.honored(sessions.stream().anyMatch(s -> s.can("tools.listChanged")),
                sessions.stream().anyMatch(s -> s.can("prompts.listChanged")),
                sessions.stream().anyMatch(s -> s.can("resources.listChanged")), heldUris);
        if (exchange.ctx().response().closed()) {
            // The client left while its subscriptions were being made upstream.
            release(exchange, held);
            return Uni.createFrom().voidItem();
        }
        if (honored.isEmpty()) {
            // Nothing this server could send: acknowledged, and ended at once (as the reference servers do).
            release(exchange, held);
            ClientEventStream stream = relay.eventStream(exchange.ctx().response(), ClientStreamKind.STANDALONE).open(false);
            stream.send(event(SubscriptionFilter.acknowledgement(id, honored)));
            stream.send(event(SubscriptionFilter.ended(id)));
            stream.end();
            return Uni.createFrom().voidItem();
        }
        Subscription subscription = new Subscription(relay.eventStream(exchange.ctx().response(), ClientStreamKind.STANDALONE)
                .open(false), id, honored);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        subscription.stream.onClose(() -> {
            subscription.close();
            release(exchange, held);
            closed.complete(null);
        });
        List<Uni<Void>> opened = new ArrayList<>();
        for (UpstreamLink link : links) {
            SubscriptionFilter theirs = isModern(link.session()) ? forUpstream(link, honored, held) : null;
            if (theirs == null || theirs.isEmpty()) {
                continue;
            }
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            params.set("notifications", theirs.toJson());
            ObjectNode listen = JsonRpc.request(MessageIds.gateway("listen-" + UUID.randomUUID()), SubscriptionFilter.METHOD, params);
            Uni<Listening> listening = modern.listen(link, listen, () -> subscription.sink()).memoize().indefinitely();
            listening.subscribe().with(upstream -> {
                if (upstream.isListening()) {
                    subscription.add(upstream);
                } else {
                    LOG.debugf("The toolkit %s did not open a listen stream (HTTP %d)", link.slug(), upstream.status());
                }
            }, failure -> LOG.debugf("The toolkit %s could not be listened to: %s", link.slug(), failure.getMessage()));
            opened.add(listening.replaceWithVoid().onFailure().recoverWithNull()
                    .ifNoItem().after(http.timeout(link.target())).recoverWithItem((Void) null));
        }
        Uni<Void> ready = opened.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(opened).andCollectFailures().replaceWithVoid();
        // Completes when the client closes the stream: until then the pooled upstream sessions it listens on are in use.
        return ready.invoke(() -> subscription.acknowledge(
                () -> channels.subscribe(exchange.sessionId(), (slug, event) -> subscription.offer(event, false))))
                .chain(() -> Uni.createFrom().completionStage(closed));
    }

    /**
     * One open stream: what it honors, the upstream streams it holds, and whether it was acknowledged (nothing is
     * written before) or closed (what opens later is closed at once).
     */
    private final class Subscription {

        final ClientEventStream stream;
        final JsonNode id;
        final SubscriptionFilter honored;
        private final List<Listening> upstreamStreams = new ArrayList<>();
        private volatile boolean acknowledged;
        private boolean closed;
        private Runnable leaveChannel;

        Subscription(ClientEventStream stream, JsonNode id, SubscriptionFilter honored) {
            this.stream = stream;
            this.id = id;
            this.honored = honored;
        }

        synchronized void acknowledge(Supplier<Runnable> joinChannel) {
            if (closed) {
                return;
            }
            stream.send(event(SubscriptionFilter.acknowledgement(id, honored)));
            acknowledged = true;
            leaveChannel = joinChannel.get();
        }

        synchronized void add(Listening upstream) {
            if (closed) {
                upstream.stop();
            } else {
                upstreamStreams.add(upstream);
            }
        }

        synchronized void close() {
            closed = true;
            if (leaveChannel != null) {
                leaveChannel.run();
            }
            upstreamStreams.forEach(Listening::stop);
            upstreamStreams.clear();
        }

        /** Where a 2026-07-28 upstream's listen stream goes: into the client's, paused while the client reads slowly. */
        EventSink sink() {
            return new EventSink() {
                @Override
                public void send(SseEvent event) {
                    offer(event, true);
                }

                @Override
                public boolean isFull() {
                    return stream.isFull();
                }

                @Override
                public void onDrain(Runnable listener) {
                    stream.onDrain(listener);
                }

                @Override
                public void onClose(Runnable listener) {
                    stream.onClose(listener);
                }
            };
        }

        /**
         * Writes a change notification the client asked for to its stream, under its subscription id; answers whether
         * the message was one of the kinds a listen stream carries (so the session's other streams do not get it).
         */
        boolean offer(SseEvent event, boolean ownStream) {
            ObjectNode message = event.data().isBlank() ? null : parse(event.data());
            if (message == null || !SubscriptionFilter.isChangeNotification(message.path("method").asText())) {
                // A 2026-07-28 upstream's acknowledgement or end of its own stream is not the client's.
                return false;
            }
            if (acknowledged && honored.accepts(message) && !stream.isEnded()) {
                stream.send(event(SubscriptionFilter.stamped(message, id)));
            }
            return !ownStream;
        }
    }

    /** Gives up the 2025 upstreams' resource subscriptions held for a stream. */
    private void release(McpExchange exchange, List<Watched> held) {
        for (Watched one : held) {
            if (!isModern(exchange.upstreamSession(one.target().slug()))) {
                watches.unwatch(exchange.sessionId(), one.target(), exchange.state(), one.upstreamUri());
            }
        }
    }

    /** What of the client's filter one 2026-07-28 upstream is asked for, under its own URIs. */
    private static SubscriptionFilter forUpstream(UpstreamLink link, SubscriptionFilter honored, List<Watched> held) {
        Set<String> uris = new LinkedHashSet<>();
        held.stream().filter(one -> one.target().slug().equals(link.slug())).forEach(one -> uris.add(one.upstreamUri()));
        UpstreamSession session = link.session();
        return new SubscriptionFilter(honored.tools() && session.can("tools.listChanged"),
                honored.prompts() && session.can("prompts.listChanged"), honored.resources() && session.can("resources.listChanged"), uris);
    }

    private ObjectNode parse(String data) {
        try {
            return json.readTree(data) instanceof ObjectNode object ? object : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static boolean isModern(UpstreamSession session) {
        return session != null && ProtocolVersions.STATELESS.equals(session.protocolVersion());
    }

    private static SseEvent event(ObjectNode message) {
        return new SseEvent(null, null, message.toString(), null);
    }
}

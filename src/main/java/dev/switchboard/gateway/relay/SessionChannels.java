package dev.switchboard.gateway.relay;

import dev.switchboard.gateway.FutureUni;
import dev.switchboard.gateway.protocol.SseEvent;
import dev.switchboard.gateway.upstream.Listening;
import dev.switchboard.gateway.upstream.UpstreamHttp;
import dev.switchboard.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The upstreams' standalone streams (GET) of the client sessions this replica serves. Some upstreams
 * send a tool's sampling or elicitation request there rather than on the tool call's own stream, and
 * drop it when no GET is connected, so the gateway listens before it sends such a call upstream and
 * keeps listening while the session is in use here. What arrives is delivered on the client's in-flight
 * response stream for that upstream when there is one, else on the client's own GET stream, else held
 * briefly until one of them connects. An upstream allows one standalone stream per session: when another
 * replica holds it (409), that replica delivers, to the client's GET stream connected there. A stateless client's
 * {@code subscriptions/listen} streams listen to the streams of the user's pooled sessions ({@link #subscribe}).
 */
@ApplicationScoped
public class SessionChannels {

    private static final Logger LOG = Logger.getLogger(SessionChannels.class);
    private static final long IDLE_NANOS = 30_000_000_000L;
    private static final long HOLD_NANOS = 10_000_000_000L;
    private static final int HOLD_MAX = 100;

    @Inject
    Vertx vertx;

    @Inject
    UpstreamHttp http;

    @Inject
    Upstreams upstreams;

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private long reaper;

    @PostConstruct
    void start() {
        reaper = vertx.setPeriodic(5_000, id -> reap());
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(reaper);
        channels.values().forEach(Channel::close);
    }

    /**
     * Makes sure the upstream's standalone stream is being listened to; completes once it is connected,
     * or is known not to be available here (no such stream, or another replica holds it).
     */
    public Uni<Void> listen(String clientSessionId, UpstreamLink link) {
        if (link.session().sessionId() == null) {
            return Uni.createFrom().voidItem();
        }
        return FutureUni.of(channel(clientSessionId).listen(link));
    }

    /** Registers a client response stream for an upstream; the answer unregisters it. */
    public Runnable whileRelaying(String clientSessionId, String slug, ClientStream stream) {
        Channel channel = channels.get(clientSessionId);
        if (channel == null) {
            // Nothing of this session is listened to or held here: no channel is made for every call.
            return () -> {
            };
        }
        channel.attachPost(slug, stream);
        return () -> channel.detachPost(slug, stream);
    }

    /** Connects the client's own GET stream and listens to every upstream of the session. */
    public void attach(String clientSessionId, ClientStream stream, List<UpstreamLink> links) {
        Channel channel = channel(clientSessionId);
        channel.attachGet(stream);
        links.forEach(link -> listen(clientSessionId, link));
    }

    /**
     * Adds a listener of the session's upstream standalone streams (a stateless client's {@code subscriptions/listen}):
     * it is offered each message first, and one it takes goes nowhere else. The answer removes it; once no
     * listener is left and no call of the session is being relayed here, the upstream streams are closed.
     */
    public Runnable subscribe(String clientSessionId, StandaloneListener listener) {
        Channel channel = channel(clientSessionId);
        channel.subscribe(listener);
        return () -> {
            if (channel.unsubscribe(listener)) {
                channels.remove(clientSessionId, channel);
                channel.close();
            }
        };
    }

    /** The session ended: stops listening. */
    public void close(String clientSessionId) {
        Channel channel = channels.remove(clientSessionId);
        if (channel != null) {
            channel.close();
        }
    }

    private Channel channel(String clientSessionId) {
        return channels.computeIfAbsent(clientSessionId, Channel::new);
    }

    private void reap() {
        long now = System.nanoTime();
        for (Iterator<Channel> it = channels.values().iterator(); it.hasNext();) {
            Channel channel = it.next();
            if (channel.idleSince(now) > IDLE_NANOS) {
                it.remove();
                channel.close();
            } else {
                channel.dropStale(now);
            }
        }
    }

    /** One client session's listeners, the client streams to deliver on, and what waits for one. */
    private final class Channel {

        private record Held(String slug, SseEvent event, long at) {
        }

        private final String clientSessionId;
        private final Map<String, Future<Void>> listening = new HashMap<>();
        private final Map<String, Listening> open = new HashMap<>();
        private final Map<String, List<ClientStream>> posts = new HashMap<>();
        private final Deque<Held> held = new ArrayDeque<>();
        private final List<StandaloneListener> listeners = new ArrayList<>();
        private ClientStream get;
        private long lastUse = System.nanoTime();

        Channel(String clientSessionId) {
            this.clientSessionId = clientSessionId;
        }

        synchronized Future<Void> listen(UpstreamLink link) {
            lastUse = System.nanoTime();
            Future<Void> existing = listening.get(link.slug());
            if (existing != null) {
                return existing;
            }
            Promise<Void> ready = Promise.promise();
            listening.put(link.slug(), ready.future());
            // A call does not wait longer than the upstream's timeout for the stream to connect.
            vertx.setTimer(http.timeout(link.target()).toMillis(), id -> ready.tryComplete());
            upstreams.of(link.target(), link.session()).listen(link, null, () -> new SlugSink(link.slug())).subscribe().with(opened -> {
                // Not available here (none, or another replica holds it): remembered, not asked again per call.
                if (!opened.isListening()) {
                    LOG.debugf("No standalone stream of %s here (HTTP %d)", link.slug(), opened.status());
                } else {
                    synchronized (this) {
                        open.put(link.slug(), opened);
                    }
                    opened.onEnd(() -> forget(link.slug()));
                }
                ready.tryComplete();
            }, failure -> {
                LOG.debugf("No standalone stream of %s here (%s)", link.slug(), failure.getMessage());
                ready.tryComplete();
            });
            return ready.future();
        }

        private synchronized void forget(String slug) {
            open.remove(slug);
            listening.remove(slug);
        }

        synchronized void attachPost(String slug, ClientStream stream) {
            lastUse = System.nanoTime();
            posts.computeIfAbsent(slug, s -> new ArrayList<>()).add(stream);
            flush();
        }

        synchronized void detachPost(String slug, ClientStream stream) {
            lastUse = System.nanoTime();
            List<ClientStream> streams = posts.get(slug);
            if (streams != null) {
                streams.remove(stream);
            }
        }

        synchronized void attachGet(ClientStream stream) {
            lastUse = System.nanoTime();
            get = stream;
            stream.onClose(() -> {
                synchronized (this) {
                    if (get == stream) {
                        get = null;
                        lastUse = System.nanoTime();
                    }
                }
            });
            flush();
        }

        synchronized void subscribe(StandaloneListener listener) {
            lastUse = System.nanoTime();
            listeners.add(listener);
        }

        /** Removes a listener; true when the channel is now unused (no listener, no GET, no call relayed). */
        synchronized boolean unsubscribe(StandaloneListener listener) {
            lastUse = System.nanoTime();
            listeners.remove(listener);
            return !inUse();
        }

        synchronized long idleSince(long now) {
            return inUse() ? 0 : now - lastUse;
        }

        private boolean inUse() {
            return !listeners.isEmpty() || get != null && !get.isEnded() || posts.values().stream().anyMatch(list -> !list.isEmpty());
        }

        synchronized void dropStale(long now) {
            while (!held.isEmpty() && now - held.peekFirst().at() > HOLD_NANOS) {
                LOG.debugf("A message of %s found no client stream and was dropped", held.pollFirst().slug());
            }
        }

        synchronized void close() {
            List<Listening> streams = List.copyOf(open.values());
            open.clear();
            listening.clear();
            held.clear();
            streams.forEach(Listening::stop);
        }

        private void deliver(String slug, SseEvent event) {
            boolean taken = false;
            for (StandaloneListener listener : listeners) {
                taken |= listener.offer(slug, event);
            }
            if (taken) {
                return;
            }
            ClientStream target = target(slug);
            if (target != null) {
                send(target, event);
                return;
            }
            if (held.size() >= HOLD_MAX) {
                held.pollFirst();
            }
            held.addLast(new Held(slug, event, System.nanoTime()));
        }

        /** On a response stream, an event id of the standalone stream would resume the wrong stream: it goes without. */
        private void send(ClientStream target, SseEvent event) {
            target.send(target == get ? event : new SseEvent(null, event.event(), event.data(), null));
        }

        private ClientStream target(String slug) {
            List<ClientStream> streams = posts.get(slug);
            if (streams != null) {
                streams.removeIf(ClientStream::isEnded);
                if (!streams.isEmpty()) {
                    return streams.get(streams.size() - 1);
                }
            }
            return get != null && !get.isEnded() ? get : null;
        }

        private void flush() {
            for (Iterator<Held> it = held.iterator(); it.hasNext();) {
                Held message = it.next();
                ClientStream target = target(message.slug());
                if (target != null) {
                    send(target, message.event());
                    it.remove();
                }
            }
        }

        /** The sink one upstream's listener writes to: never full (a shared stream is not paused for one client). */
        private final class SlugSink implements EventSink {

            private final String slug;

            SlugSink(String slug) {
                this.slug = slug;
            }

            @Override
            public void send(SseEvent event) {
                if (event.data().isBlank()) {
                    return;
                }
                synchronized (Channel.this) {
                    deliver(slug, event);
                }
            }

            @Override
            public boolean isFull() {
                return false;
            }

            @Override
            public void onDrain(Runnable listener) {
            }

            @Override
            public void onClose(Runnable listener) {
            }
        }
    }
}

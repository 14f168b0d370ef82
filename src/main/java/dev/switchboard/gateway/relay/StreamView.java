package dev.switchboard.gateway.relay;

import dev.switchboard.gateway.protocol.SseEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A part of a long-lived client stream that one answer writes to, as a legacy HTTP+SSE session does: its
 * events go out as {@code message} events (legacy clients cannot resume, so without ids; priming events
 * are left out), and ending the view leaves the stream open and takes the view's listeners off it.
 */
public final class StreamView implements ClientStream {

    private final ClientEventStream stream;
    private final List<Runnable> drainListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private final Runnable onDrain = () -> drainListeners.forEach(Runnable::run);
    private final Runnable onClose = () -> closeListeners.forEach(Runnable::run);
    private volatile boolean ended;

    public StreamView(ClientEventStream stream) {
        this.stream = stream;
        stream.onDrain(onDrain);
        stream.onClose(onClose);
    }

    @Override
    public void send(SseEvent event) {
        if (!ended && !event.data().isBlank()) {
            stream.send(new SseEvent(null, "message", event.data(), null));
        }
    }

    @Override
    public boolean isFull() {
        return stream.isFull();
    }

    @Override
    public void onDrain(Runnable listener) {
        drainListeners.add(listener);
    }

    @Override
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
    }

    @Override
    public boolean isEnded() {
        return ended || stream.isEnded();
    }

    @Override
    public void end() {
        ended = true;
        stream.forget(onDrain, onClose);
    }
}

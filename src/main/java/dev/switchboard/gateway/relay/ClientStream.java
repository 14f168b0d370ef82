package dev.switchboard.gateway.relay;

/** An event stream to a client that a relay writes into: a response stream, or the session's standalone stream. */
public interface ClientStream extends EventSink {

    boolean isEnded();

    /** Ends this stream (for a view of a longer-lived stream, only the view). */
    void end();
}

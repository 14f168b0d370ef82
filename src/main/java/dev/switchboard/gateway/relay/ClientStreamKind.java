package dev.switchboard.gateway.relay;

/**
 * Why an event stream to a client is open, the label of the open-streams gauge: a POST's answer (or its
 * resumption with {@code Last-Event-ID}), a session's standalone GET stream, or a legacy HTTP+SSE session's
 * stream (one per legacy session on this replica).
 */
public enum ClientStreamKind {
    ANSWER("answer"), STANDALONE("standalone"), LEGACY("legacy");

    private final String label;

    ClientStreamKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
